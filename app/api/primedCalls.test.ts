// Primed calls over the real HTTP server: one request per primed call, never a stale answer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src-shared/contract/events';
import type { OperationName } from '../../src-shared/contract/operations';
import { startLiveLibrary, tempFolder } from '../testing/liveLibrary';
import type { LiveLibrary } from '../testing/liveLibrary';
import { draftTextPrompt } from '../testing/prompts';
import { createClient } from './client';
import { primingTransport } from './primedCalls';
import type { Transport } from './transport';

let live: LiveLibrary;
let sent: OperationName[];

/** The live transport, noting every call that really reaches the server. */
function counted(): Transport {
  return {
    kind: live.transport.kind,
    call: (name, request) => {
      sent.push(name);
      return live.transport.call(name, request);
    },
  };
}

beforeEach(async () => {
  live = await startLiveLibrary();
  sent = [];
  await createClient(live.transport).savePrompt({ document: draftTextPrompt('first', 'Hi') });
});

afterEach(async () => {
  await live.close();
});

describe('primingTransport', () => {
  it('answers the first identical call from the primed one, with one request', async () => {
    const transport = primingTransport(counted());
    transport.prime('listPrompts', { limit: 20, offset: 0 });
    const page = await createClient(transport).listPrompts({ limit: 20, offset: 0 });
    expect(page.items.map((item) => item.id)).toEqual(['first']);
    expect(sent).toEqual(['listPrompts']);
    expect(transport.unclaimed).toBe(0);
  });

  it('matches requests whatever the order of their keys', async () => {
    const transport = primingTransport(counted());
    transport.prime('listPrompts', { offset: 0, limit: 20 });
    await createClient(transport).listPrompts({ limit: 20, offset: 0 });
    expect(sent).toEqual(['listPrompts']);
  });

  it('hands a primed answer out once: the next identical call asks the server again', async () => {
    const transport = primingTransport(counted());
    transport.prime('listPrompts', { limit: 20, offset: 0 });
    const api = createClient(transport);
    await api.listPrompts({ limit: 20, offset: 0 });
    await api.listPrompts({ limit: 20, offset: 0 });
    expect(sent).toEqual(['listPrompts', 'listPrompts']);
  });

  it('does not answer a call with a different request from the primed one', async () => {
    const transport = primingTransport(counted());
    transport.prime('listPrompts', { limit: 20, offset: 0 });
    const page = await createClient(transport).listPrompts({ limit: 20, offset: 0, search: 'x' });
    expect(page.items).toEqual([]);
    expect(sent).toEqual(['listPrompts', 'listPrompts']);
  });

  it('answers several primed calls, each from its own, in any order', async () => {
    const transport = primingTransport(counted());
    transport.prime('listPrompts', { limit: 20, offset: 0 });
    transport.prime('listDrafts', {});
    const api = createClient(transport);
    const [drafts, page] = await Promise.all([
      api.listDrafts({}),
      api.listPrompts({ limit: 20, offset: 0 }),
    ]);
    expect([drafts, page.items.map((item) => item.id)]).toEqual([[], ['first']]);
    expect(sent).toEqual(['listPrompts', 'listDrafts']);
    expect(transport.unclaimed).toBe(0);
  });

  it('drops primes once anything else is asked, so a write in between is never hidden', async () => {
    const transport = primingTransport(counted());
    transport.prime('listPrompts', { limit: 20, offset: 0 });
    const api = createClient(transport);
    await api.savePrompt({ document: draftTextPrompt('second', 'Hello') });
    expect(transport.unclaimed).toBe(0);
    const page = await api.listPrompts({ limit: 20, offset: 0 });
    expect(page.items.map((item) => item.id).sort()).toEqual(['first', 'second']);
  });

  it('passes progress events of a folder job through to the page', async () => {
    const api = createClient(primingTransport(live.transport));
    const seen: ProgressEvent[] = [];
    const stop = await api.subscribeProgress?.((event) => void seen.push(event));
    const folder = await tempFolder();
    try {
      await api.exportFolder({ path: `${folder.path}/out`, job: 'job-primed-1' });
      const finished = () => seen.some((event) => event.done === event.total && event.total > 0);
      await expect.poll(finished, { timeout: 5_000 }).toBe(true);
      expect(seen.every((event) => event.job === 'job-primed-1')).toBe(true);
    } finally {
      stop?.();
      await folder.remove();
    }
  });

  it('passes application errors of a primed call through as the same error', async () => {
    const transport = primingTransport(counted());
    transport.prime('getPrompt', { id: 'missing' });
    await expect(createClient(transport).getPrompt({ id: 'missing' })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(sent).toEqual(['getPrompt']);
  });
});
