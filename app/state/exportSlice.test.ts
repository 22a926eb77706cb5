// The Export panel's slice of the store, driven over the real HTTP server and a real SQLite file.
import { describe, expect, it } from 'vitest';
import { liveLibraryApi } from '../testing/liveLibrary';
import { chatPrompt } from '../testing/prompts';
import { selectExportError, selectExportPending, selectExportResult } from './exportSlice';
import { createWorkbenchStore } from './store';
import type { WorkbenchStore } from './store';

const api = liveLibraryApi();

/** A store with the chat prompt `turns` (messages of these roles) open in the editor. */
async function openChat(roles: readonly string[]): Promise<WorkbenchStore> {
  await api.savePrompt({ document: chatPrompt(roles) });
  const store = createWorkbenchStore(api, { delays: { search: 1, draft: 1 } });
  await store.getState().openPrompt('turns');
  return store;
}

describe('export slice', () => {
  it('exports the working copy, unsaved edits included, for the chosen provider', async () => {
    const store = await openChat(['system', 'user']);
    store.getState().setMessage(1, { content: 'edited' });
    // The edit's draft is written before the test ends, so it cannot land in the next test's library.
    await expect.poll(() => store.getState().editor.draft).toBe('kept');
    await store.getState().refreshExport();
    expect(selectExportResult(store.getState())).toMatchObject({
      provider: 'openai',
      payload: {
        messages: [
          { role: 'system', content: 'turn 0' },
          { role: 'user', content: 'edited' },
        ],
      },
    });
  });

  it('never offers the previous provider’s export under a new tab, only pending', async () => {
    const store = await openChat(['system', 'user']);
    await store.getState().refreshExport();
    expect(selectExportResult(store.getState())?.provider).toBe('openai');
    store.getState().setExportProvider('anthropic');
    // The OpenAI answer is still held, but nothing shows it while Anthropic's is on its way.
    expect(store.getState().export.result?.provider).toBe('openai');
    expect(selectExportResult(store.getState())).toBeNull();
    expect(selectExportPending(store.getState())).toBe(true);
    await store.getState().refreshExport();
    expect(selectExportPending(store.getState())).toBe(false);
    expect(selectExportResult(store.getState())).toMatchObject({
      provider: 'anthropic',
      payload: { system: 'turn 0', messages: [{ role: 'user', content: 'turn 1' }] },
    });
  });

  it('keeps the rule and index of an Anthropic error, and merging fixes it', async () => {
    const store = await openChat(['system', 'user', 'user']);
    store.getState().setExportProvider('anthropic');
    await store.getState().refreshExport();
    expect(store.getState().export.status).toBe('error');
    expect(selectExportError(store.getState())).toMatchObject({
      code: 'export_rule',
      details: { rule: 'alternation', index: 1 },
    });
    // Another provider's tab does not show Anthropic's error.
    store.getState().setExportProvider('openai');
    expect(selectExportError(store.getState())).toBeNull();
    store.getState().setExportProvider('anthropic');
    store.getState().setExportMergeConsecutive(true);
    // The error was for unmerged messages: it no longer applies while the merged export runs.
    expect(selectExportError(store.getState())).toBeNull();
    await store.getState().refreshExport();
    expect(store.getState().export.status).toBe('ready');
    expect(selectExportResult(store.getState())?.provider).toBe('anthropic');
  });

  it('is idle without an open prompt', async () => {
    const store = createWorkbenchStore(api);
    await store.getState().refreshExport();
    expect(store.getState().export).toMatchObject({ status: 'idle', result: null, error: null });
    expect(selectExportPending(store.getState())).toBe(false);
  });
});
