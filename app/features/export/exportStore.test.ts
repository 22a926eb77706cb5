// The Export panel's store driven over the real HTTP server and a real SQLite file.
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
import type { Prompt } from '../../../src-shared/model/prompt';
import { createExportStore } from './exportStore';

function chat(...roles: string[]): Prompt {
  return {
    id: 'turns',
    version: '1.0.0',
    uid: '8d3f6f64-3c1a-4c55-9d42-2a8f0b1e7c10',
    format: 'chat',
    status: 'active',
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    metadata: { tags: [], use_cases: [], model_recommendations: [], custom: {} },
    chat_template: {
      variables: [],
      messages: roles.map((role, i) => ({ role, content: `turn ${i}` })),
    },
  } as Prompt;
}
let dir: string;
let services: Services;
let server: RunningServer;
let api: Api;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pwb-export-'));
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

describe('export store', () => {
  it('exports the unsaved document for the chosen provider', async () => {
    const store = createExportStore(api);
    await store.getState().refresh({ document: chat('system', 'user'), variables: {} });
    expect(store.getState().result?.provider).toBe('openai');
    store.getState().setProvider('anthropic');
    await store.getState().refresh({ document: chat('system', 'user'), variables: {} });
    expect(store.getState().result?.payload).toMatchObject({
      system: 'turn 0',
      messages: [{ role: 'user', content: 'turn 1' }],
    });
  });

  it('keeps the rule and index of an Anthropic error, and merging fixes it', async () => {
    const store = createExportStore(api);
    store.getState().setProvider('anthropic');
    await store.getState().refresh({ document: chat('system', 'user', 'user'), variables: {} });
    expect(store.getState().status).toBe('error');
    expect(store.getState().error).toMatchObject({
      code: 'export_rule',
      details: { rule: 'alternation', index: 1 },
    });
    store.getState().setMergeConsecutive(true);
    await store.getState().refresh({ document: chat('system', 'user', 'user'), variables: {} });
    expect(store.getState().status).toBe('ready');
  });

  it('is idle without an open prompt', async () => {
    const store = createExportStore(api);
    await store.getState().refresh({ document: null, variables: {} });
    expect(store.getState()).toMatchObject({ status: 'idle', result: null, error: null });
  });
});
