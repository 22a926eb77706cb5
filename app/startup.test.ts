// The startup requests match the store's first library requests, so the page asks only once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from './api/client';
import { primingTransport } from './api/primedCalls';
import { primeStartupRequests } from './startup';
import { memoryStorage } from './state/storage';
import { createWorkbenchStore } from './state/store';
import { startLiveLibrary } from './testing/liveLibrary';
import type { LiveLibrary } from './testing/liveLibrary';
import { draftTextPrompt } from './testing/prompts';

let live: LiveLibrary;

beforeEach(async () => {
  live = await startLiveLibrary();
});

afterEach(async () => {
  await live.close();
});

describe('primeStartupRequests', () => {
  it("serves the store's first library page from the request started at startup", async () => {
    const client = createClient(live.transport);
    await client.savePrompt({ document: draftTextPrompt('kept', 'Hi') });
    await client.putDraft({ id: 'fresh', document: draftTextPrompt('fresh', 'Hey'), base: null });
    const sent: string[] = [];
    const transport = primingTransport({
      kind: 'http',
      call: (name, request) => {
        sent.push(name);
        return live.transport.call(name, request);
      },
    });
    primeStartupRequests(transport);
    const store = createWorkbenchStore(createClient(transport), { storage: memoryStorage() });
    await store.getState().refreshLibrary();
    expect(transport.unclaimed).toBe(0);
    // The primed two, then the labels of the first page's rows (one read for the whole page).
    expect(sent).toEqual(['listPrompts', 'listDrafts', 'listLabelsFor']);
    expect(store.getState().library.total).toBe(1);
    expect(store.getState().library.rows[0]?.id).toBe('kept');
    expect(store.getState().library.drafts.map((draft) => draft.prompt_id)).toEqual(['fresh']);
  });
});
