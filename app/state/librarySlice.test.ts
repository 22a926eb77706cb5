import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../api/client';
import { startLiveLibrary } from '../testing/liveLibrary';
import type { LiveLibrary } from '../testing/liveLibrary';
import { queryOf } from './librarySlice';
import type { FolderOperation } from './librarySlice';
import { createWorkbenchStore } from './store';

const EXAMPLES = new URL('../../../shared/seed/examples', import.meta.url).pathname;

describe('queryOf', () => {
  it('sends only the filters that are set', () => {
    expect(queryOf({ search: '  ', tags: '', status: '', category: '' })).toEqual({});
  });

  it('trims the search, lower-cases comma-separated tags and keeps status and category', () => {
    expect(
      queryOf({ search: ' greet ', tags: 'Support, chat,', status: 'active', category: ' cs ' }),
    ).toEqual({
      search: 'greet',
      tags: ['support', 'chat'],
      status: 'active',
      category: 'cs',
    });
  });
});

describe('folder import and export with progress, over the real HTTP server', () => {
  let live: LiveLibrary | undefined;
  beforeEach(async () => {
    live = await startLiveLibrary();
  });
  afterEach(async () => {
    await live?.close();
  });

  /** A store over the page's HTTP client, and every running operation it went through. */
  function watchedStore() {
    if (!live) throw new Error('no library');
    const store = createWorkbenchStore(createClient(live.transport), {
      delays: { search: 1, draft: 1 },
    });
    const running: Extract<FolderOperation, { status: 'running' }>[] = [];
    store.subscribe((state) => {
      const operation = state.library.operation;
      if (operation?.status === 'running' && operation !== running.at(-1)) running.push(operation);
    });
    return { store, running };
  }

  const stepsOf = (running: Extract<FolderOperation, { status: 'running' }>[]) =>
    running.flatMap((op) => (op.progress ? [op.progress] : []));

  it('shows the seed import reading, then writing, then the report with its file count', async () => {
    const { store, running } = watchedStore();
    await store.getState().importFolder(EXAMPLES);
    const operation = store.getState().library.operation;
    expect(operation).toMatchObject({ kind: 'import', status: 'done', report: { prompts: 8 } });
    const files =
      operation?.status === 'done' && operation.kind === 'import' ? operation.report.files : 0;
    expect(files).toBeGreaterThan(20);

    expect(running[0]?.progress).toBeNull();
    const steps = stepsOf(running);
    expect(steps[0]).toEqual({ stage: 'reading', done: 0, total: files });
    expect(steps).toContainEqual({ stage: 'reading', done: files, total: files });
    // The bar ends full before the report replaces it.
    expect(steps.at(-1)).toEqual({ stage: 'writing', done: files, total: files });
    const jobs = new Set(running.map((op) => op.job));
    expect(jobs.size).toBe(1);
    expect([...jobs][0]).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });

  it('shows an export writing up to the number of files it wrote', async () => {
    const { store, running } = watchedStore();
    await store.getState().importFolder(EXAMPLES);
    // The library's own temp folder (removed with it) takes the export.
    const { dbPath } = await store.getState().deps.api.appInfo({});
    running.length = 0;
    await store.getState().exportFolder(`${dbPath.slice(0, dbPath.lastIndexOf('/'))}/export`);
    const operation = store.getState().library.operation;
    expect(operation).toMatchObject({ kind: 'export', status: 'done' });
    const files = operation?.status === 'done' && operation.kind === 'export' ? operation.files : 0;
    expect(files).toBeGreaterThan(8);
    const steps = stepsOf(running);
    expect(steps[0]).toEqual({ stage: 'writing', done: 0, total: files });
    expect(steps.at(-1)).toEqual({ stage: 'writing', done: files, total: files });
    expect(running.every((op) => op.kind === 'export')).toBe(true);
  });

  it('ignores the events of another job', async () => {
    if (!live) throw new Error('no library');
    const other = createClient(live.transport);
    const { store, running } = watchedStore();
    // Someone else's call runs while this page imports: its events must not move our bar.
    await Promise.all([
      store.getState().importFolder(EXAMPLES),
      other.importFolder({ paths: [`${EXAMPLES}/schemas`], job: 'someone-else' }),
    ]);
    const operation = store.getState().library.operation;
    const files =
      operation?.status === 'done' && operation.kind === 'import' && operation.report.files;
    expect(files).toBeGreaterThan(20);
    expect(running.every((op) => op.kind === 'import')).toBe(true);
    const totals = new Set(stepsOf(running).map((step) => step.total));
    expect([...totals]).toEqual([files]);
  });

  it('still imports through a client without progress events', async () => {
    if (!live) throw new Error('no library');
    const { call } = live.transport;
    const store = createWorkbenchStore(createClient({ kind: 'http', call }));
    await store.getState().importFolder(EXAMPLES);
    expect(store.getState().library.operation).toMatchObject({
      status: 'done',
      report: { prompts: 8 },
    });
  });
});
