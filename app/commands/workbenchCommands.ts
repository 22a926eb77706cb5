// Every command of the workbench, as data: titles, shortcuts, when they apply, what they do.
import { isDirty } from '../state/editorSlice';
import { PANELS } from '../shell/panels';
import type { WorkbenchStore } from '../state/store';
import { PRODUCTION, mayMoveLabel } from '../state/historySlice';
import type { WorkbenchState } from '../state/storeTypes';
import { canHoldTests } from '../state/testsSlice';
import { defineCommand } from './registry';
import type { Command } from './registry';

const promptOpen = (state: WorkbenchState): boolean =>
  state.editor.status === 'ready' && state.editor.document !== null;
const noDialog = (state: WorkbenchState): boolean => state.ui.dialog === null;
/**
 * Something to save: a never-saved prompt, or edits to a version, no save under way, and a
 * library that takes writes (not opened read-only).
 */
const canSave = (state: WorkbenchState): boolean =>
  promptOpen(state) &&
  isDirty(state.editor) &&
  !state.editor.saving &&
  !state.libraryHealth.readOnly &&
  mayEdit(state);
/** A team library's viewer may not save or delete (the database refuses it anyway). */
export const mayEdit = (state: WorkbenchState): boolean => state.connection?.role !== 'viewer';

/** Moves keyboard focus to an element by id, once it exists (after a tab switch renders). */
function focusById(id: string): void {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}

/** Shows the Evaluation panel and runs the open prompt's matrix there. */
async function runTests(store: WorkbenchStore): Promise<void> {
  const { editor, evaluation, showTab, loadEvaluation } = store.getState();
  if (!editor.id) return;
  showTab('evaluation');
  if (evaluation.id !== editor.id) await loadEvaluation(editor.id);
  await store.getState().runMatrix();
}

/** The id of the library's search box (the command "Search prompts" focuses it). */
export const LIBRARY_SEARCH_ID = 'library-search';

/** The workbench's commands, in palette order. */
export const WORKBENCH_COMMANDS = [
  defineCommand({
    id: 'palette.open',
    title: 'Show all commands',
    keys: ['Mod+K', 'Mod+Shift+P'],
    enabled: noDialog,
    run: (store) => store.getState().setPaletteOpen(true),
  }),
  defineCommand({
    id: 'prompt.save',
    title: 'Save version…',
    keys: ['Mod+S'],
    enabled: (state) => canSave(state) && noDialog(state),
    run: (store) => store.getState().openDialog({ kind: 'save' }),
  }),
  defineCommand({
    id: 'prompt.new',
    title: 'New prompt…',
    keys: ['Alt+N'],
    enabled: noDialog,
    run: (store) => store.getState().openDialog({ kind: 'new' }),
  }),
  defineCommand({
    id: 'library.search',
    title: 'Search prompts',
    keys: ['Mod+P'],
    run: () => focusById(LIBRARY_SEARCH_ID),
  }),
  defineCommand({
    id: 'library.import',
    title: 'Import folder…',
    enabled: (state) => noDialog(state) && mayEdit(state),
    run: (store) => store.getState().openDialog({ kind: 'import' }),
  }),
  defineCommand({
    id: 'library.switch',
    title: 'Switch library…',
    enabled: noDialog,
    run: (store) => store.getState().openDialog({ kind: 'library' }),
  }),
  defineCommand({
    id: 'library.export',
    title: 'Export folder…',
    enabled: noDialog,
    run: (store) => store.getState().openDialog({ kind: 'export' }),
  }),
  defineCommand({
    id: 'prompt.discard',
    title: 'Discard unsaved changes',
    // A new prompt is all unsaved changes: discarding it forgets it (Undo brings it back).
    enabled: (state) => promptOpen(state) && isDirty(state.editor),
    run: (store) => void store.getState().discardChanges(),
  }),
  defineCommand({
    id: 'prompt.delete',
    title: 'Delete prompt…',
    enabled: (state) =>
      promptOpen(state) && state.editor.saved !== null && noDialog(state) && mayEdit(state),
    run: (store) => {
      const id = store.getState().editor.id;
      if (id) store.getState().openDialog({ kind: 'delete', id });
    },
  }),
  defineCommand({
    id: 'prompt.close',
    title: 'Close prompt',
    enabled: promptOpen,
    run: (store) => store.getState().closePrompt(),
  }),
  defineCommand({
    id: 'preview.render',
    title: 'Render preview now',
    keys: ['Mod+Enter'],
    enabled: promptOpen,
    run: (store) => void store.getState().renderNow(),
  }),
  defineCommand({
    id: 'history.compare',
    title: 'Compare selected versions',
    enabled: ({ history }) =>
      history.from !== null && history.to !== null && history.from !== history.to,
    run: (store) => void store.getState().compareVersions(),
  }),
  defineCommand({
    id: 'evaluation.run',
    title: 'Run tests',
    // The open prompt's test cases on the versions and models picked in the Evaluation panel.
    enabled: (state) =>
      promptOpen(state) && canHoldTests(state) && state.evaluation.status === 'idle',
    run: (store) => void runTests(store),
  }),
  defineCommand({
    id: 'evaluation.stop',
    title: 'Stop tests',
    enabled: (state) => state.evaluation.status === 'running',
    run: (store) => void store.getState().stopMatrix(),
  }),
  defineCommand({
    id: 'history.promote',
    title: 'Promote current version to production',
    // Offered where the role allows it, and while production is not on the current version.
    enabled: (state) => {
      const current = state.history.versions[0]?.version;
      const production = state.history.labels.find((entry) => entry.label === PRODUCTION)?.version;
      return current !== undefined && current !== production && mayMoveLabel(state, PRODUCTION);
    },
    run: (store) => {
      const current = store.getState().history.versions[0]?.version;
      if (current) void store.getState().moveLabel(PRODUCTION, current);
    },
  }),
  defineCommand({
    id: 'history.label',
    title: 'Move a label…',
    enabled: (state) =>
      state.history.versions.length > 0 && noDialog(state) && mayMoveLabel(state, 'staging'),
    run: (store) => {
      const { history, editor } = store.getState();
      const version = editor.base ?? history.versions[0]?.version;
      if (version) store.getState().openDialog({ kind: 'label', version });
    },
  }),
  ...PANELS.map((panel, index) =>
    defineCommand({
      id: `panel.${panel.id}`,
      title: `Show ${panel.title}`,
      keys: index < 9 ? [`Alt+${index + 1}`] : [],
      run: (store) => store.getState().showTab(panel.id),
    }),
  ),
] as const satisfies readonly Command[];

/** The id of a workbench command. */
export type CommandId = (typeof WORKBENCH_COMMANDS)[number]['id'];

/** The command with this id. */
export function commandById(id: CommandId): Command {
  const command = WORKBENCH_COMMANDS.find((candidate) => candidate.id === id);
  if (!command) throw new Error(`No command '${id}'.`);
  return command;
}
