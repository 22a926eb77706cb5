// The Metrics panel's store driven over the real HTTP server and a real SQLite file.
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
import { createMetricsStore } from './metricsStore';

const GREETING = {
  id: 'greeting',
  format: 'text',
  status: 'active',
  template: { content: 'Hello {{name}}' },
  metadata: { tags: [] },
};
let dir: string;
let services: Services;
let server: RunningServer;
let api: Api;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pwb-metrics-'));
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

describe('metrics store', () => {
  it('summarises the renders just made, per prompt and version', async () => {
    await api.savePrompt({ document: GREETING as never });
    await api.renderPreview({ id: 'greeting', variables: { name: 'Ada' } });
    await api.renderPreview({ id: 'greeting', variables: { name: 'Bob' } });
    await expect(api.renderPreview({ id: 'greeting', variables: {} })).rejects.toThrow();
    const store = createMetricsStore(api);
    await store.getState().refresh();
    const { summary, promptIds, query } = store.getState();
    expect(summary?.totals.count).toBe(3);
    expect(summary?.totals.errors).toBe(1);
    expect(summary?.buckets.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(3);
    expect(promptIds).toEqual(['greeting']);
    expect(query).toMatchObject({ bucket: 'minute', kind: 'render' });
  });

  it('counts only the chosen kind of event', async () => {
    await api.savePrompt({ document: GREETING as never });
    await api.renderPreview({ id: 'greeting', variables: { name: 'Ada' } });
    await api.exportPrompt({ id: 'greeting', provider: 'openai', variables: { name: 'Ada' } });
    const store = createMetricsStore(api);
    store.getState().setKind('export');
    await store.getState().refresh();
    expect(store.getState().summary?.totals.count).toBe(1);
    store.getState().setKind('all');
    await store.getState().refresh();
    expect(store.getState().summary?.totals.count).toBe(2);
  });

  it('shows nothing for a range with no events', async () => {
    await api.savePrompt({ document: GREETING as never });
    await api.renderPreview({ id: 'greeting', variables: { name: 'Ada' } });
    // A clock a year ahead: the render falls outside the last hour.
    const store = createMetricsStore(api, () => Date.now() + 365 * 24 * 3600_000);
    await store.getState().refresh();
    expect(store.getState().summary?.totals.count).toBe(0);
  });
});
