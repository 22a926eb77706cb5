// The run slice over the real HTTP server, a real SQLite file and the local protocol server: answers
// stream in, Stop cancels, chats continue, and side by side fills its cells.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../api/client';
import { startLiveLibrary } from '../testing/liveLibrary';
import type { LiveLibrary } from '../testing/liveLibrary';
import { startLocalModels } from '../testing/localModels';
import type { ModelServer } from '../testing/localModels';
import { chatPrompt, draftTextPrompt } from '../testing/prompts';
import { WORKING_COPY, selectRun, selectRunning } from './runSlice';
import { createWorkbenchStore } from './store';
import type { WorkbenchStore } from './store';

let live: LiveLibrary;
let models: ModelServer;
let store: WorkbenchStore;

beforeEach(async () => {
  live = await startLiveLibrary();
  const api = createClient(live.transport);
  models = await startLocalModels(api);
  await api.savePrompt({ document: draftTextPrompt('hello', 'Hello {{name}}') });
  store = createWorkbenchStore(api, { delays: { search: 1, draft: 1 } });
});

afterEach(async () => {
  await live.close();
  await models.close();
});

describe('run slice', () => {
  it('streams the answer of each chosen model and ends with the figures', async () => {
    await store.getState().openPrompt('hello');
    store.getState().setVariable('name', 'Ada');
    store.getState().setRunModels(['local:small', 'local:big']);
    models.script({ kind: 'answer', text: 'one two three four', chunkDelayMs: 150 });
    const running = store.getState().runPrompt();
    // Part of the answer is on the page before the answer ends.
    await expect
      .poll(() =>
        selectRun(store.getState()).answers.some((a) => a.text !== '' && a.status === 'running'),
      )
      .toBe(true);
    await running;
    const answers = selectRun(store.getState()).answers;
    expect(answers.map((a) => [a.model, a.status])).toEqual([
      ['local:small', 'done'],
      ['local:big', 'done'],
    ]);
    expect(answers.map((a) => a.text).sort()).toEqual(['echo: Hello Ada', 'one two three four']);
    expect(answers[0]?.result).toMatchObject({ cached: false, finish_reason: 'stop' });
    expect(selectRunning(store.getState())).toBe(false);
  });

  it('runs unsaved changes as a document, and Stop cancels an answer keeping what arrived', async () => {
    await store.getState().openPrompt('hello');
    store.getState().setTemplateContent('Changed {{name}}');
    store.getState().setVariable('name', 'Bo');
    store.getState().setRunModels(['local:m']);
    models.script({ kind: 'stall', afterChunks: 1 });
    const running = store.getState().runPrompt();
    await expect.poll(() => selectRun(store.getState()).answers[0]?.text ?? '').not.toBe('');
    await store.getState().stopRuns();
    await running;
    const [answer] = selectRun(store.getState()).answers;
    expect(answer?.status).toBe('cancelled');
    expect(answer?.text).toBe('echo: ');
    expect(models.requests.at(-1)?.body['messages']).toEqual([
      { role: 'user', content: 'Changed Bo' },
    ]);
  });

  it('continues a chat: the answer and the reply become turns after the prompt’s messages', async () => {
    await live.transport.call('savePrompt', { document: chatPrompt(['system', 'user']) });
    await store.getState().openPrompt('turns');
    store.getState().setRunModels(['local:m']);
    models.script({ kind: 'answer', text: 'Use {{braces}} freely' });
    await store.getState().runPrompt();
    const [first] = selectRun(store.getState()).answers;
    if (!first) return expect.unreachable();
    await store.getState().continueChat(first, 'And then?');
    expect(models.requests.at(-1)?.body['messages']).toEqual([
      { role: 'system', content: 'turn 0' },
      { role: 'user', content: 'turn 1' },
      { role: 'assistant', content: 'Use {{braces}} freely' },
      { role: 'user', content: 'And then?' },
    ]);
    expect(selectRun(store.getState()).answers[0]?.text).toBe('echo: And then?');
  });

  it('compares versions and unsaved changes with several models, one answer per cell', async () => {
    await live.transport.call('savePrompt', {
      document: { ...draftTextPrompt('hello', 'Hi {{name}}') },
      base: '1.0.0',
    });
    await store.getState().openPrompt('hello');
    store.getState().setVariable('name', 'Cy');
    store.getState().setTemplateContent('Hey {{name}}');
    store.getState().setCompareTargets(['1.0.0', WORKING_COPY]);
    store.getState().setCompareModels(['local:a', 'local:b']);
    await store.getState().runComparison();
    const cells = selectRun(store.getState()).compare.answers.map((a) => [
      a.target,
      a.model,
      a.text,
    ]);
    expect(cells).toEqual([
      ['1.0.0', 'local:a', 'echo: Hello Cy'],
      ['1.0.0', 'local:b', 'echo: Hello Cy'],
      [WORKING_COPY, 'local:a', 'echo: Hey Cy'],
      [WORKING_COPY, 'local:b', 'echo: Hey Cy'],
    ]);
  });
});

describe('providers and keys from the page', () => {
  it('adds and removes a provider; a typed key is refused where keys come from the environment', async () => {
    await store.getState().loadProviders();
    expect(store.getState().run.keys?.store).toBe('environment');
    expect(store.getState().run.providers.map((p) => p.name)).toContain('local');

    const refused = await store.getState().addProvider({
      name: 'studio',
      kind: 'openai-compatible',
      base_url: 'http://127.0.0.1:1234/v1',
      api_key_env: 'STUDIO_KEY',
      key: 'sk-typed-in-the-page',
    });
    expect(refused?.message).toMatch(/environment.*STUDIO_KEY/);
    expect(refused?.message).not.toContain('sk-typed');
    // The provider itself was added; its key is reported as not set.
    expect(store.getState().run.keys?.keys).toContainEqual({
      variable: 'STUDIO_KEY',
      providers: ['studio'],
      set: false,
    });

    expect(await store.getState().removeProvider('studio')).toBeNull();
    expect(store.getState().run.providers.map((p) => p.name)).not.toContain('studio');
    expect((await store.getState().removeProvider('openai'))?.code).toBeDefined();
  });
});
