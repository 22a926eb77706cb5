// The Metrics panel's slice of the store, driven over the real HTTP server and a real SQLite file.
import { describe, expect, it } from 'vitest';
import { liveLibraryApi } from '../testing/liveLibrary';
import { draftTextPrompt } from '../testing/prompts';
import { createWorkbenchStore } from './store';

const GREETING = draftTextPrompt('greeting', 'Hello {{name}}');
const api = liveLibraryApi();

describe('metrics slice', () => {
  it('summarises the renders just made, per prompt and version', async () => {
    await api.savePrompt({ document: GREETING });
    await api.renderPreview({ id: 'greeting', variables: { name: 'Ada' } });
    await api.renderPreview({ id: 'greeting', variables: { name: 'Bob' } });
    await expect(api.renderPreview({ id: 'greeting', variables: {} })).rejects.toThrow();
    const store = createWorkbenchStore(api);
    await store.getState().refreshMetrics();
    const { summary, promptIds, query } = store.getState().metrics;
    expect(summary?.totals.count).toBe(3);
    expect(summary?.totals.errors).toBe(1);
    expect(summary?.buckets.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(3);
    expect(promptIds).toEqual(['greeting']);
    expect(query).toMatchObject({ bucket: 'minute', kind: 'render' });
  });

  it('counts only the chosen kind of event', async () => {
    await api.savePrompt({ document: GREETING });
    await api.renderPreview({ id: 'greeting', variables: { name: 'Ada' } });
    await api.exportPrompt({ id: 'greeting', provider: 'openai', variables: { name: 'Ada' } });
    const store = createWorkbenchStore(api);
    store.getState().setMetricsKind('export');
    await store.getState().refreshMetrics();
    expect(store.getState().metrics.summary?.totals.count).toBe(1);
    store.getState().setMetricsKind('all');
    await store.getState().refreshMetrics();
    expect(store.getState().metrics.summary?.totals.count).toBe(2);
  });

  it('leaves the editor previews out of usage unless asked for them', async () => {
    await api.savePrompt({ document: GREETING });
    await api.renderPreview({ id: 'greeting', variables: { name: 'Ada' } });
    const store = createWorkbenchStore(api);
    // The editor's own preview of the open prompt, as the Preview panel renders it.
    await store.getState().openPrompt('greeting');
    store.getState().setVariable('name', 'Bo');
    await store.getState().renderNow();
    await store.getState().refreshMetrics();
    expect(store.getState().metrics.summary?.totals.count).toBe(1);
    store.getState().setMetricsPreviews(true);
    await store.getState().refreshMetrics();
    expect(store.getState().metrics.summary?.totals.count).toBeGreaterThanOrEqual(2);
  });

  it('shows nothing for a range with no events', async () => {
    await api.savePrompt({ document: GREETING });
    await api.renderPreview({ id: 'greeting', variables: { name: 'Ada' } });
    // A clock a year ahead: the render falls outside the last hour.
    const store = createWorkbenchStore(api, {
      now: () => new Date(Date.now() + 365 * 24 * 3600_000),
    });
    await store.getState().refreshMetrics();
    expect(store.getState().metrics.summary?.totals.count).toBe(0);
  });
});
