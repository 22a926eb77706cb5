// Reads of the list and of the history may overlap (live changes one after another, a slow
// answer on a loaded machine): whatever order their answers come back in, the newest read wins.
import { describe, expect, it } from 'vitest';
import type { Api } from '../../src-shared/contract/operations';
import { liveLibraryApi } from '../testing/liveLibrary';
import { draftTextPrompt } from '../testing/prompts';
import { memoryStorage } from './storage';
import { createWorkbenchStore } from './store';

const live = liveLibraryApi();

/**
 * The live API, with `operation`'s answers held once `hold` is on: each is read from the library
 * when asked (as the server would), and handed back only when the test releases it.
 */
function heldAnswers(operation: 'listPrompts' | 'getHistory') {
  let hold = false;
  const gates: (() => void)[] = [];
  const call = live[operation] as (request: unknown) => Promise<unknown>;
  const api: Api = {
    ...live,
    [operation]: (request: unknown) => {
      const answer = call(request);
      if (!hold) return answer;
      return new Promise<void>((open) => gates.push(open)).then(() => answer);
    },
  };
  return {
    api,
    holdFromNow: () => (hold = true),
    asked: () => gates.length,
    release: (index: number) => gates[index]?.(),
  };
}

const newStore = (api: Api) =>
  createWorkbenchStore(api, { storage: memoryStorage(), delays: { search: 1, draft: 60_000 } });

describe('overlapping reads', () => {
  it('of the list: an older answer coming back last does not undo a newer one', async () => {
    await live.savePrompt({ document: draftTextPrompt('greet', 'Hi') });
    const held = heldAnswers('listPrompts');
    const store = newStore(held.api);
    await store.getState().refreshLibrary();
    const version = () => store.getState().library.rows[0]?.version;
    expect(version()).toBe('1.0.0');

    held.holdFromNow();
    const older = store.getState().reloadLibrary();
    await expect.poll(held.asked).toBe(1);
    await live.savePrompt({ document: draftTextPrompt('greet', 'Hello'), base: '1.0.0' });
    const newer = store.getState().reloadLibrary();
    await expect.poll(held.asked).toBe(2);

    held.release(1);
    await newer;
    expect(version()).toBe('1.0.1');
    held.release(0);
    await older;
    expect(version()).toBe('1.0.1');
    expect(store.getState().library.total).toBe(1);
  });

  it('of the history: an older answer coming back last does not undo a newer one', async () => {
    await live.savePrompt({ document: draftTextPrompt('greet', 'Hi') });
    const held = heldAnswers('getHistory');
    const store = newStore(held.api);
    await store.getState().loadHistory('greet');
    const versions = () => store.getState().history.versions.map((entry) => entry.version);
    expect(versions()).toEqual(['1.0.0']);

    held.holdFromNow();
    const older = store.getState().loadHistory('greet');
    await expect.poll(held.asked).toBe(1);
    await live.savePrompt({ document: draftTextPrompt('greet', 'Hello'), base: '1.0.0' });
    const newer = store.getState().loadHistory('greet');
    await expect.poll(held.asked).toBe(2);

    held.release(1);
    await newer;
    expect(versions()).toEqual(['1.0.1', '1.0.0']);
    held.release(0);
    await older;
    expect(versions()).toEqual(['1.0.1', '1.0.0']);
    expect(store.getState().history.loading).toBe(false);
  });
});
