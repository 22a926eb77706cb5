// The Export panel's store driven over the real HTTP server and a real SQLite file.
import { describe, expect, it } from 'vitest';
import { liveLibraryApi } from '../../testing/liveLibrary';
import { chatPrompt } from '../../testing/prompts';
import { createExportStore } from './exportStore';

const api = liveLibraryApi();

describe('export store', () => {
  it('exports the unsaved document for the chosen provider', async () => {
    const store = createExportStore(api);
    await store.getState().refresh({ document: chatPrompt(['system', 'user']), variables: {} });
    expect(store.getState().result?.provider).toBe('openai');
    store.getState().setProvider('anthropic');
    await store.getState().refresh({ document: chatPrompt(['system', 'user']), variables: {} });
    expect(store.getState().result?.payload).toMatchObject({
      system: 'turn 0',
      messages: [{ role: 'user', content: 'turn 1' }],
    });
  });

  it('keeps the rule and index of an Anthropic error, and merging fixes it', async () => {
    const store = createExportStore(api);
    store.getState().setProvider('anthropic');
    await store
      .getState()
      .refresh({ document: chatPrompt(['system', 'user', 'user']), variables: {} });
    expect(store.getState().status).toBe('error');
    expect(store.getState().error).toMatchObject({
      code: 'export_rule',
      details: { rule: 'alternation', index: 1 },
    });
    store.getState().setMergeConsecutive(true);
    await store
      .getState()
      .refresh({ document: chatPrompt(['system', 'user', 'user']), variables: {} });
    expect(store.getState().status).toBe('ready');
  });

  it('is idle without an open prompt', async () => {
    const store = createExportStore(api);
    await store.getState().refresh({ document: null, variables: {} });
    expect(store.getState()).toMatchObject({ status: 'idle', result: null, error: null });
  });
});
