// The Audit log panel's store driven over the real HTTP server and a real SQLite file.
/* eslint-disable no-restricted-imports -- the test starts the real server the page talks to */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../electron/services';
import type { Services } from '../../../electron/services';
import { createDispatcher } from '../../../electron/services/dispatch';
import { createHandlers } from '../../../electron/services/handlers';
import { startServer } from '../../../electron/server/httpServer';
import type { RunningServer } from '../../../electron/server/httpServer';
/* eslint-enable no-restricted-imports */
import type { Api } from '../../../src-shared/contract/operations';
import { createClient } from '../../api/client';
import { httpTransport } from '../../api/transport';
import { AUDIT_PAGE_SIZE, createAuditStore } from './auditStore';

function textPrompt(id: string) {
  return {
    id,
    format: 'text',
    status: 'active',
    template: { content: 'Hi' },
    metadata: { tags: [] },
  };
}
let dir: string;
let services: Services;
let server: RunningServer;
let api: Api;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pwb-audit-'));
  const dbPath = join(dir, 'library.db');
  services = createServices({ dbPath, actor: 'tester' });
  server = await startServer({
    dispatcher: createDispatcher(createHandlers(services, { dbPath, transport: 'http' })),
    port: 0,
  });
  api = createClient(httpTransport(server.token, new URL(server.url).origin));
});

afterEach(async () => {
  await server.close();
  services.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('audit store', () => {
  it('lists changes newest first, with the actor', async () => {
    await api.savePrompt({ document: textPrompt('alpha') as never });
    await api.savePartial({ name: 'sign_off', content: 'Bye' });
    const store = createAuditStore(api);
    await store.getState().reload();
    expect(store.getState().entries.map((e) => [e.entity_id, e.actor])).toEqual([
      ['sign_off', 'tester'],
      ['alpha', 'tester'],
    ]);
    expect(store.getState().more).toBe(false);
  });

  it('filters by prompt id', async () => {
    await api.savePrompt({ document: textPrompt('alpha') as never });
    await api.savePrompt({ document: textPrompt('beta') as never });
    const store = createAuditStore(api);
    store.getState().setFilter(' beta ');
    await store.getState().reload();
    expect(store.getState().entries.map((e) => e.entity_id)).toEqual(['beta']);
  });

  it('pages through a long log', async () => {
    for (let i = 0; i <= AUDIT_PAGE_SIZE; i++) {
      await api.savePartial({ name: `p${i}`, content: 'x' });
    }
    const store = createAuditStore(api);
    await store.getState().reload();
    expect(store.getState().entries).toHaveLength(AUDIT_PAGE_SIZE);
    expect(store.getState().more).toBe(true);
    await store.getState().loadMore();
    expect(store.getState().entries).toHaveLength(AUDIT_PAGE_SIZE + 1);
    expect(store.getState().more).toBe(false);
  });
});
