// The open prompt: its working copy, what it is based on, drafts (hot exit), saving, and the
// three-way merge when someone saved meanwhile.
import {
  conflictedTexts,
  fieldName,
  mergePrompt,
  promptTexts,
  withTextAt,
} from '../../src-shared/merge/mergePrompt';
import type { MergeConflict } from '../../src-shared/merge/mergePrompt';
import { defineOwn } from '../../src-shared/plainData';
import type { BumpLevel, Message, Prompt, PromptFormat, Role } from '../../src-shared/model/prompt';
import { isErrorCode } from '../api/client';
import { debounce } from './debounce';
import {
  isPromptDocument,
  newPromptDocument,
  restoredFrom,
  withAddedMessage,
  withMessage,
  withMetadata,
  withMovedMessage,
  withSettings,
  withDeclaredVariables,
  withTemplateContent,
  withoutMessage,
} from './promptDocument';
import { extractDocumentVariables } from './templateInsight';
import type { PromptSettings } from './promptDocument';
import { STORAGE_KEYS } from './storage';
import type { SliceCreator } from './storeTypes';
import type { ToastAction } from './uiSlice';
import { toUiError } from './uiError';
import type { UiError } from './uiError';

/** Where the unsaved edits stand relative to the server-side draft. */
export type DraftStatus = 'none' | 'pending' | 'kept' | 'failed';

/** The open prompt. */
export interface EditorState {
  status: 'empty' | 'loading' | 'ready' | 'error';
  id: string | null;
  /** The version the working copy is based on; null for a prompt never saved. */
  base: string | null;
  /** The stored document at `base` (null for a new prompt). */
  saved: Prompt | null;
  /** The working copy. */
  document: Prompt | null;
  error: UiError | null;
  draft: DraftStatus;
  /** True when the working copy came back from a draft (hot exit). */
  restored: boolean;
  /** Set when a save was refused because someone saved `current` meanwhile. */
  conflict: { current: string } | null;
  /** The merge with the version saved meanwhile, while the person reviews it (before saving). */
  merge: MergeReview | null;
  /** The changelog being written for the next save; kept through conflicts and merges. */
  changelog: string;
  saving: boolean;
  saveError: UiError | null;
}

/** The parts of the editor state that make up someone's work, as Undo brings them back. */
type WorkingCopy = Pick<EditorState, 'id' | 'saved' | 'document' | 'base'>;

/** A merge made into the working copy: what was saved meanwhile, and where both sides clashed. */
export interface MergeReview {
  /** The version saved meanwhile, as stored; the working copy is now based on it. */
  theirs: Prompt;
  /** The version the person's edits started from (null for a prompt never saved). */
  from: string | null;
  /** Fields both sides changed: texts hold conflict markers, other values kept theirs. */
  conflicts: MergeConflict[];
  /** The texts to review (paths): those the merge left different from theirs, in reading order. */
  texts: string[];
}

/** What a save attempt ended in. */
export type SaveOutcome = 'saved' | 'conflict' | 'error';

/** The editor slice. */
export interface EditorSlice {
  editor: EditorState;
  openPrompt(id: string): Promise<void>;
  newPrompt(id: string, format: PromptFormat): void;
  closePrompt(): void;
  setTemplateContent(content: string): void;
  setMessage(index: number, patch: Partial<Message>): void;
  addMessage(role: Role): void;
  removeMessage(index: number): void;
  moveMessage(index: number, direction: -1 | 1): void;
  setMetadata(patch: Partial<Prompt['metadata']>): void;
  setSettings(patch: Partial<PromptSettings>): void;
  /** Saves the working copy as the next version; `allowSecrets` overrides the secret check. */
  saveVersion(bump: BumpLevel, changelog: string, allowSecrets?: boolean): Promise<SaveOutcome>;
  /** Merges the edits with the version saved meanwhile (three-way, from the version they started on). */
  mergeWithCurrent(): Promise<void>;
  setChangelog(changelog: string): void;
  /** Replaces one text of the working copy by its merge path (while resolving a merge). */
  setTextAt(path: string, text: string): void;
  /** Takes my value back for a field where the merge kept theirs. */
  useMineAt(path: string): void;
  discardChanges(): Promise<void>;
  restoreVersion(version: string): Promise<void>;
  /** Writes a pending draft now (before the page goes away, or in tests). */
  flushDraft(): void;
}

const EMPTY_EDITOR: EditorState = {
  status: 'empty',
  id: null,
  base: null,
  saved: null,
  document: null,
  error: null,
  draft: 'none',
  restored: false,
  conflict: null,
  merge: null,
  changelog: '',
  saving: false,
  saveError: null,
};

/** The parts of a document a save would change (as `contentKey` lists them). */
const SAVED_PARTS = [
  'format',
  'template',
  'chat_template',
  'status',
  'metadata',
  'input_schema',
  'output_schema',
] as const;

let lastDirty: { document: Prompt; saved: Prompt; dirty: boolean } | null = null;

/** True when the working copy differs from what is stored (a new prompt is always unsaved). */
export function isDirty(editor: EditorState): boolean {
  const { document, saved } = editor;
  if (!document) return false;
  if (!saved) return true;
  // Asked by several components after every keystroke: compare the parts in place (most are the
  // very objects `saved` holds) rather than serialise a 20 KB template to text each time.
  if (lastDirty?.document !== document || lastDirty.saved !== saved) {
    const dirty = !SAVED_PARTS.every((part) =>
      sameJson(document[part] ?? null, saved[part] ?? null),
    );
    lastDirty = { document, saved, dirty };
  }
  return lastDirty.dirty;
}

/** True when two JSON values serialise to the same text (key order included), as `contentKey` compares. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item: unknown, index) => sameJson(item ?? null, b[index] ?? null));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left).filter((key) => left[key] !== undefined);
  const others = Object.keys(right).filter((key) => right[key] !== undefined);
  return (
    keys.length === others.length &&
    keys.every((key, index) => key === others[index] && sameJson(left[key], right[key]))
  );
}

export const createEditorSlice: SliceCreator<EditorSlice> = (set, get, deps) => {
  const { api, storage } = deps;
  let openSequence = 0;
  const patch = (changes: Partial<EditorState>): void =>
    set({ editor: { ...get().editor, ...changes } });

  const writeDraft = async (): Promise<void> => {
    const editor = get().editor;
    if (!editor.id || !editor.document) return;
    const id = editor.id;
    try {
      const keep = isDirty(editor);
      if (keep) {
        await api.putDraft({ id, document: editor.document, base: editor.base });
      } else {
        await api.deleteDraft({ id });
      }
      // The library lists kept drafts: tell it when this one starts or stops being one.
      const listed = get().library.drafts.find((draft) => draft.prompt_id === id);
      if (keep !== (listed !== undefined) || (listed && listed.base_version !== editor.base)) {
        void get().refreshDrafts();
      }
      if (get().editor.id === id && !draftLater.pending) {
        patch({ draft: isDirty(get().editor) ? 'kept' : 'none' });
      }
    } catch {
      if (get().editor.id === id) patch({ draft: 'failed' });
    }
  };
  const draftLater = debounce(() => void writeDraft(), deps.delays.draft);

  /** Applies an edit to the working copy and lets dependants (draft, preview) follow. */
  const edit = (change: (document: Prompt) => Prompt): void => {
    const document = get().editor.document;
    if (!document) return;
    let next = change(document);
    if (next.template !== document.template || next.chat_template !== document.chat_template) {
      // Keep the declared variables in step with the template, as the seed's files list them.
      const names = extractDocumentVariables(next);
      if (names) next = withDeclaredVariables(next, names);
    }
    patch({ document: next, draft: 'pending' });
    draftLater.schedule();
    get().documentChanged();
  };

  /** Makes `document` the open prompt and loads what hangs off it. */
  const show = (changes: Partial<EditorState>): void => {
    draftLater.cancel();
    set({ editor: { ...EMPTY_EDITOR, status: 'ready', ...changes } });
    const id = get().editor.id;
    if (id) storage.setItem(STORAGE_KEYS.lastPrompt, id);
    get().promptOpened();
    if (get().editor.saved && id) void get().loadHistory(id);
    else get().clearHistory();
  };

  /** The working copy as it is, to go back to. */
  const snapshot = (): WorkingCopy => {
    const { id, saved, document, base } = get().editor;
    return { id, saved, document, base };
  };

  /** An Undo action that brings back a working copy (and keeps it as a draft again). */
  const undoTo = (before: WorkingCopy): ToastAction => ({
    label: 'Undo',
    run: () => {
      if (!before.id || !before.document) return;
      draftLater.flush();
      openSequence++;
      show({ ...before, draft: 'pending' });
      draftLater.schedule();
      get().showTab('editor');
    },
  });

  return {
    editor: EMPTY_EDITOR,

    async openPrompt(id) {
      draftLater.flush();
      const sequence = ++openSequence;
      patch({ status: 'loading', id, error: null });
      const [stored, draft] = await Promise.allSettled([
        api.getPrompt({ id }),
        api.getDraft({ id }),
      ]);
      if (sequence !== openSequence) return;
      const saved = stored.status === 'fulfilled' ? stored.value : null;
      const kept = draft.status === 'fulfilled' ? draft.value : null;
      const draftDocument = kept && isPromptDocument(kept.document) ? kept.document : null;
      if (!saved && !draftDocument) {
        const error =
          stored.status === 'rejected'
            ? toUiError(stored.reason)
            : { code: 'not_found' as const, message: `Prompt '${id}' was not found.` };
        if (storage.getItem(STORAGE_KEYS.lastPrompt) === id) {
          storage.removeItem(STORAGE_KEYS.lastPrompt);
        }
        set({ editor: { ...EMPTY_EDITOR, status: 'error', id, error } });
        get().clearHistory();
        return;
      }
      if (draftDocument) {
        show({
          id,
          saved,
          document: draftDocument,
          base: kept?.base_version ?? null,
          draft: 'kept',
          restored: true,
        });
      } else {
        show({ id, saved, document: saved, base: saved?.version ?? null });
      }
    },

    newPrompt(id, format) {
      draftLater.flush();
      openSequence++;
      const document = newPromptDocument(id, format, deps.newUid(), deps.now().toISOString());
      show({ id, saved: null, document, base: null, draft: 'pending' });
      draftLater.schedule();
    },

    closePrompt() {
      draftLater.flush();
      openSequence++;
      storage.removeItem(STORAGE_KEYS.lastPrompt);
      set({ editor: EMPTY_EDITOR });
      get().clearHistory();
      get().promptOpened();
    },

    setTemplateContent: (content) => edit((document) => withTemplateContent(document, content)),
    setMessage: (index, changes) => edit((document) => withMessage(document, index, changes)),
    addMessage: (role) => edit((document) => withAddedMessage(document, role)),
    removeMessage: (index) => edit((document) => withoutMessage(document, index)),
    moveMessage: (index, direction) =>
      edit((document) => withMovedMessage(document, index, direction)),
    setMetadata: (changes) => edit((document) => withMetadata(document, changes)),
    setSettings: (changes) => edit((document) => withSettings(document, changes)),

    async saveVersion(bump, changelog, allowSecrets = false) {
      const { id, document, base } = get().editor;
      if (!id || !document) return 'error';
      const marked = conflictedTexts(document);
      if (marked.length > 0) {
        const where = marked.map(fieldName).join(', ');
        const message =
          `Conflict markers are left in ${where}. In each block keep your lines, theirs or ` +
          'both, and delete the <<<<<<<, ======= and >>>>>>> lines; then save.';
        patch({ saveError: { code: 'invalid_input', message, details: { paths: marked } } });
        return 'error';
      }
      draftLater.cancel();
      patch({ saving: true, saveError: null, conflict: null });
      try {
        const saved = await api.savePrompt({
          document,
          base,
          bump,
          changelog: changelog.trim() || null,
          ...(allowSecrets ? { allowSecrets: true } : {}),
        });
        const stored = await api.getPrompt({ id });
        if (get().editor.id !== id) return 'saved';
        await api.deleteDraft({ id }).catch(() => undefined);
        show({ id, saved: stored, document: stored, base: stored.version });
        get().notify(`Saved ${id} ${saved.version}`);
        void get().refreshLibrary();
        return 'saved';
      } catch (error) {
        if (isErrorCode(error, 'conflict')) {
          const current = error.details?.['current'];
          patch({
            saving: false,
            conflict: { current: typeof current === 'string' ? current : 'a newer version' },
          });
          draftLater.schedule();
          return 'conflict';
        }
        patch({ saving: false, saveError: toUiError(error) });
        draftLater.schedule();
        return 'error';
      }
    },

    async mergeWithCurrent() {
      const { id, document, base } = get().editor;
      if (!id || !document) return;
      try {
        const [theirs, started] = await Promise.all([
          api.getPrompt({ id }),
          base ? api.getPrompt({ id, version: base }) : null,
        ]);
        if (get().editor.id !== id || get().editor.document !== document) return;
        // A prompt never saved started from nothing: every text of both sides is an addition.
        const from =
          started ?? newPromptDocument(id, document.format, theirs.uid, theirs.created_at);
        const label = `${theirs.version} (saved meanwhile)`;
        const { merged, conflicts } = mergePrompt(from, theirs, document, label);
        const theirTexts = new Map(promptTexts(theirs).map(({ path, text }) => [path, text]));
        const texts = promptTexts(merged)
          .filter(({ path, text }) => theirTexts.get(path) !== text)
          .map(({ path }) => path);
        patch({
          saved: theirs,
          base: theirs.version,
          document: merged,
          conflict: null,
          merge: { theirs, from: base, conflicts, texts },
          saveError: null,
          draft: 'pending',
        });
        draftLater.schedule();
        get().documentChanged();
        void get().loadHistory(id);
      } catch (error) {
        patch({ saveError: toUiError(error) });
      }
    },

    setChangelog: (changelog) => patch({ changelog }),

    setTextAt: (path, text) => edit((document) => withTextAt(document, path, text)),

    useMineAt(path) {
      const conflict = get().editor.merge?.conflicts.find(
        (item) => item.path === path && item.kind === 'value',
      );
      if (!conflict) return;
      edit((document) => withValueAt(document, path, conflict.mine));
    },

    async discardChanges() {
      const { id, document } = get().editor;
      if (!id || !document) return;
      const before = snapshot();
      draftLater.cancel();
      await api.deleteDraft({ id }).catch(() => undefined);
      void get().refreshDrafts();
      try {
        const current = await api.getPrompt({ id });
        show({ id, saved: current, document: current, base: current.version });
        get().notify(`Discarded unsaved changes to ${id}.`, 'info', undoTo(before));
      } catch {
        // A prompt that was never saved has nothing to go back to.
        get().closePrompt();
        get().notify(`Discarded the new prompt ${id}.`, 'info', undoTo(before));
      }
    },

    async restoreVersion(version) {
      const { id, saved } = get().editor;
      if (!id || !saved) return;
      const before = snapshot();
      try {
        const older = await api.getPrompt({ id, version });
        edit(() => restoredFrom(older, saved));
        patch({ base: saved.version });
        get().showTab('editor');
        get().notify(
          `Loaded ${version} into the editor; save to make it the newest version.`,
          'info',
          undoTo(before),
        );
      } catch (error) {
        get().notify(toUiError(error).message, 'error');
      }
    },

    flushDraft: () => draftLater.flush(),
  };
};

/** The document with the value at a dotted path replaced (undefined removes it); copies on the way. */
function withValueAt(document: Prompt, path: string, value: unknown): Prompt {
  const set = (target: unknown, keys: string[]): unknown => {
    const [key, ...rest] = keys;
    if (key === undefined) return value;
    if (Array.isArray(target)) {
      const copy = [...(target as unknown[])];
      copy[Number(key)] = set(copy[Number(key)], rest);
      return copy;
    }
    const record = { ...(target as Record<string, unknown> | undefined) };
    const next = set(Object.hasOwn(record, key) ? record[key] : undefined, rest);
    if (next === undefined) delete record[key];
    else defineOwn(record, key, next);
    return record;
  };
  return set(document, path.split('.')) as Prompt;
}
