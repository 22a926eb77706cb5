// The library banner's state: storage faults from any call, cleared by a write that lands.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../api/client';
import type { Transport } from '../api/transport';
import { startLiveLibrary, type LiveLibrary } from '../testing/liveLibrary';
import { draftTextPrompt } from '../testing/prompts';
import { memoryStorage } from './storage';
import { createWorkbenchStore } from './store';
import { WORKBENCH_COMMANDS } from '../commands/workbenchCommands';

let live: LiveLibrary;
beforeEach(async () => {
  live = await startLiveLibrary();
});
afterEach(async () => {
  await live.close();
});

/** The live library's transport, with saves refused with `refusal` while it is set. */
function refusingSaves(): { transport: Transport; refuse: (code: string | null) => void } {
  let refusal: string | null = null;
  const transport: Transport = {
    ...live.transport,
    call: (name, request) =>
      refusal !== null && name === 'savePrompt'
        ? Promise.resolve({ ok: false, error: { code: refusal, message: `refused: ${refusal}` } })
        : live.transport.call(name, request),
  } as Transport;
  return { transport, refuse: (code) => (refusal = code) };
}

describe('library faults', () => {
  it('a busy save shows the fault and keeps the edits; the next save that lands clears it', async () => {
    const { transport, refuse } = refusingSaves();
    const store = createWorkbenchStore(createClient(transport), { storage: memoryStorage() });
    await createClient(live.transport).savePrompt({ document: draftTextPrompt('kept', 'Hi') });
    await store.getState().openPrompt('kept');
    store.getState().setTemplateContent('Hi there');

    refuse('busy');
    expect(await store.getState().saveVersion('patch', 'edit')).toBe('error');
    expect(store.getState().libraryHealth).toEqual({ fault: 'busy', readOnly: false });
    expect(store.getState().editor.document?.template?.content).toBe('Hi there');

    refuse(null);
    expect(await store.getState().saveVersion('patch', 'edit')).toBe('saved');
    expect(store.getState().libraryHealth.fault).toBe(null);
  });

  it('a read_only refusal marks the library read-only for good; checkLibrary asks the server', async () => {
    const { transport, refuse } = refusingSaves();
    const store = createWorkbenchStore(createClient(transport), { storage: memoryStorage() });
    await store.getState().checkLibrary();
    expect(store.getState().libraryHealth).toEqual({ fault: null, readOnly: false });
    await store
      .getState()
      .openPrompt('nope')
      .catch(() => undefined);

    refuse('read_only');
    const client = createClient(transport);
    await createClient(live.transport).savePrompt({ document: draftTextPrompt('ro', 'Hi') });
    await store.getState().openPrompt('ro');
    store.getState().setTemplateContent('changed');
    expect(await store.getState().saveVersion('patch', 'x')).toBe('error');
    expect(store.getState().libraryHealth).toEqual({ fault: null, readOnly: true });
    await expect(client.listPrompts({})).resolves.toMatchObject({ total: 1 });
  });

  it('checkLibrary says which library, engine and user: on SQLite the local user, an admin', async () => {
    const store = createWorkbenchStore(createClient(live.transport), { storage: memoryStorage() });
    expect(store.getState().connection).toBeNull();
    await store.getState().checkLibrary();
    expect(store.getState().connection).toMatchObject({
      engine: 'sqlite',
      user: 'tester',
      role: 'admin',
    });
    expect(store.getState().connection?.dbPath).toMatch(/library\.db$/);
  });

  it("a viewer's page offers no save or delete; other roles do", async () => {
    const store = createWorkbenchStore(createClient(live.transport), { storage: memoryStorage() });
    await createClient(live.transport).savePrompt({ document: draftTextPrompt('seen', 'Hi') });
    await store.getState().openPrompt('seen');
    store.getState().setTemplateContent('Hi there');
    const enabled = (id: string) => {
      const command = WORKBENCH_COMMANDS.find((each) => each.id === id);
      return command?.enabled?.(store.getState()) ?? true;
    };
    const as = (role: 'viewer' | 'editor') =>
      store.setState({
        connection: { engine: 'postgres', user: 'bob', role, dbPath: 'postgres://bob@h/db' },
      });
    as('viewer');
    expect([enabled('prompt.save'), enabled('prompt.delete'), enabled('library.import')]).toEqual([
      false,
      false,
      false,
    ]);
    as('editor');
    expect([enabled('prompt.save'), enabled('prompt.delete'), enabled('library.import')]).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('an unreachable library shows until a read reaches it again; local draft writes do not clear it', async () => {
    let away = true;
    const transport: Transport = {
      ...live.transport,
      call: (name, request) =>
        away && name !== 'putDraft'
          ? Promise.resolve({
              ok: false,
              error: { code: 'unavailable', message: 'Cannot reach the PostgreSQL library' },
            })
          : live.transport.call(name, request),
    } as Transport;
    const store = createWorkbenchStore(createClient(transport), {
      storage: memoryStorage(),
      delays: { search: 0, draft: 0, reconnect: 60_000 },
    });
    await expect(store.getState().deps.api.listPrompts({})).rejects.toThrow('Cannot reach');
    expect(store.getState().libraryHealth.fault).toBe('unavailable');
    await store.getState().deps.api.putDraft({
      id: 'kept',
      document: draftTextPrompt('kept', 'x'),
      base: null,
    });
    expect(store.getState().libraryHealth.fault).toBe('unavailable');
    expect(await store.getState().reconnect()).toBe(false);
    expect(store.getState().libraryHealth.fault).toBe('unavailable');
    away = false;
    expect(await store.getState().reconnect()).toBe(true);
    expect(store.getState().libraryHealth.fault).toBe(null);
  });
});
