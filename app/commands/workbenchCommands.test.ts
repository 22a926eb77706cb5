// Command enablement over a real library: what a shortcut, the palette and a button may run.
import { describe, expect, it } from 'vitest';
import { createWorkbenchStore } from '../state/store';
import { liveLibraryApi } from '../testing/liveLibrary';
import { startLocalModels } from '../testing/localModels';
import { commandForStroke, runCommand } from './registry';
import { WORKBENCH_COMMANDS, commandById } from './workbenchCommands';

const api = liveLibraryApi();
const FAST = { search: 1, draft: 1 };
const CTRL_S = { key: 's', ctrlKey: true, metaKey: false, shiftKey: false, altKey: false };

describe('workbench commands', () => {
  it('Save version runs only when there is something to save', async () => {
    const store = createWorkbenchStore(api, { delays: FAST });
    const save = commandById('prompt.save');
    expect(save.enabled(store.getState())).toBe(false);
    store.getState().newPrompt('greeting', 'text');
    store.getState().setTemplateContent('Hello {{name}}');
    // A prompt never saved is unsaved work.
    expect(save.enabled(store.getState())).toBe(true);
    expect(await store.getState().saveVersion('patch', 'First')).toBe('saved');
    // Unchanged since its save: Ctrl+S finds no command to run, and running it opens nothing.
    expect(save.enabled(store.getState())).toBe(false);
    expect(commandForStroke(WORKBENCH_COMMANDS, CTRL_S, store.getState(), false)).toBeUndefined();
    expect(runCommand(save, store)).toBe(false);
    expect(store.getState().ui.dialog).toBeNull();
    store.getState().setTemplateContent('Hello {{name}}!');
    expect(commandForStroke(WORKBENCH_COMMANDS, CTRL_S, store.getState(), false)?.id).toBe(
      'prompt.save',
    );
    expect(runCommand(save, store)).toBe(true);
    expect(store.getState().ui.dialog).toEqual({ kind: 'save' });
    // Typed back to the saved text: nothing to save again.
    store.getState().closeDialog();
    store.getState().setTemplateContent('Hello {{name}}');
    expect(save.enabled(store.getState())).toBe(false);
    // Drafts are written before the test ends, never into the next test's library.
    await expect.poll(() => store.getState().editor.draft).not.toBe('pending');
  });

  it('Discard applies to unsaved work: a new prompt, or edits of a saved version', async () => {
    const store = createWorkbenchStore(api, { delays: FAST });
    const discard = commandById('prompt.discard');
    store.getState().newPrompt('greeting', 'text');
    store.getState().setTemplateContent('Hello');
    expect(discard.enabled(store.getState())).toBe(true);
    await store.getState().saveVersion('patch', 'First');
    expect(discard.enabled(store.getState())).toBe(false);
    store.getState().setTemplateContent('Hello there');
    expect(discard.enabled(store.getState())).toBe(true);
    await expect.poll(() => store.getState().editor.draft).toBe('kept');
  });

  it('Run tests shows the Evaluation panel and runs the open prompt’s cases; Stop tests while it runs', async () => {
    const models = await startLocalModels(api, { latencyMs: 300 });
    try {
      const store = createWorkbenchStore(api, { delays: FAST });
      const runTests = commandById('evaluation.run');
      const stopTests = commandById('evaluation.stop');
      expect(runTests.enabled(store.getState())).toBe(false);
      store.getState().newPrompt('greeting', 'text');
      store.getState().setTemplateContent('Say hello to {{name}}');
      // A prompt never saved holds no test cases yet.
      expect(runTests.enabled(store.getState())).toBe(false);
      expect(await store.getState().saveVersion('patch', 'first')).toBe('saved');
      await api.saveTestCases({
        id: 'greeting',
        cases: [
          { name: 'Ada', vars: { name: 'Ada' }, assert: [{ type: 'contains', value: 'Ada' }] },
        ],
      });
      await store.getState().loadEvaluation('greeting');
      store.getState().setMatrixModels('local:m');
      expect(runTests.enabled(store.getState())).toBe(true);
      expect(stopTests.enabled(store.getState())).toBe(false);
      expect(runCommand(runTests, store)).toBe(true);
      expect(store.getState().ui.activeTab).toBe('evaluation');
      await expect.poll(() => store.getState().evaluation.status).toBe('running');
      expect(runTests.enabled(store.getState())).toBe(false);
      expect(stopTests.enabled(store.getState())).toBe(true);
      await expect.poll(() => store.getState().evaluation.status, { timeout: 10_000 }).toBe('idle');
      expect(store.getState().evaluation.run?.cells.map((cell) => [cell.model, cell.pass])).toEqual(
        [['local:m', true]],
      );
      await expect.poll(() => store.getState().editor.draft).not.toBe('pending');
    } finally {
      await models.close();
    }
  });

  it('Promote moves production to the current version, then is not offered until a newer one', async () => {
    const store = createWorkbenchStore(api, { delays: FAST });
    const promote = commandById('history.promote');
    store.getState().newPrompt('greeting', 'text');
    store.getState().setTemplateContent('Hello {{name}}');
    expect(await store.getState().saveVersion('patch', 'First')).toBe('saved');
    await expect.poll(() => store.getState().history.versions.length).toBe(1);
    expect(promote.enabled(store.getState())).toBe(true);
    expect(runCommand(promote, store)).toBe(true);
    await expect
      .poll(() => store.getState().history.labels.map((entry) => [entry.label, entry.version]))
      .toEqual([['production', '1.0.0']]);
    expect(promote.enabled(store.getState())).toBe(false);
    expect(runCommand(commandById('history.label'), store)).toBe(true);
    expect(store.getState().ui.dialog).toEqual({ kind: 'label', version: '1.0.0' });
  });
});
