import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src-shared/contract/events';
import { createDispatcher } from './dispatch';
import type { Dispatcher, HandlerContext, Handlers } from './dispatch';
import { createHandlers } from './handlers';
import { createServices } from './index';
import type { Services } from './index';

const EXAMPLES = resolve(import.meta.dirname, '../../../shared/seed/examples');

let dir: string;
let services: Services;
let dispatcher: Dispatcher;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pwb-progress-'));
  const dbPath = join(dir, 'library.db');
  services = createServices({ dbPath });
  dispatcher = createDispatcher(createHandlers(services, { dbPath, transport: 'cli' }));
});

afterEach(() => {
  services.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** Dispatches with a listener and returns the outcome and every event it heard. */
async function withEvents(name: string, request: unknown) {
  const events: ProgressEvent[] = [];
  const outcome = await dispatcher.dispatch(name, request, {
    onProgress: (event) => events.push(event),
  });
  return { outcome, events };
}

describe('progress through the dispatcher', () => {
  it('tags an import of the seed examples with its job, from the first read to the write', async () => {
    const { outcome, events } = await withEvents('importFolder', {
      paths: [EXAMPLES],
      job: 'import-1',
    });
    expect(outcome.ok).toBe(true);
    const files = (outcome as { value: { files: number } }).value.files;
    expect(files).toBeGreaterThan(20);
    expect(events.every((e) => e.job === 'import-1' && e.operation === 'importFolder')).toBe(true);
    expect(events[0]).toMatchObject({ stage: 'reading', done: 0, total: files });
    expect(events).toContainEqual(expect.objectContaining({ stage: 'reading', done: files }));
    expect(events.at(-1)).toMatchObject({ stage: 'writing', done: files, total: files });
  });

  it('reports an export file by file, ending at the number of files written', async () => {
    await dispatcher.dispatch('importFolder', { paths: [EXAMPLES] });
    const target = join(dir, 'out');
    const { outcome, events } = await withEvents('exportFolder', { path: target, job: 'exp' });
    expect(outcome).toMatchObject({ ok: true });
    const written = (outcome as { value: { files: number } }).value.files;
    expect(events[0]).toEqual({
      job: 'exp',
      operation: 'exportFolder',
      stage: 'writing',
      done: 0,
      total: written,
    });
    expect(events.at(-1)).toMatchObject({ done: written, total: written });
    expect(readdirSync(target).length).toBeGreaterThan(0);
  });

  it('sends nothing for a call that names no job', async () => {
    const { outcome, events } = await withEvents('importFolder', { paths: [EXAMPLES] });
    expect(outcome.ok).toBe(true);
    expect(events).toEqual([]);
  });

  it('refuses a job id that is not a short token before anything runs', async () => {
    const { outcome, events } = await withEvents('importFolder', {
      paths: [EXAMPLES],
      job: 'no spaces or slashes/',
    });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(events).toEqual([]);
    expect(services.prompts.list().total).toBe(0);
  });

  it('finishes the job when the listener throws (a closed window)', async () => {
    const outcome = await dispatcher.dispatch(
      'importFolder',
      { paths: [EXAMPLES], job: 'j' },
      {
        onProgress: () => {
          throw new Error('gone');
        },
      },
    );
    expect(outcome).toMatchObject({ ok: true, value: { prompts: 8 } });
  });

  it('gives other operations a silent context, even when they report', async () => {
    const heard: ProgressEvent[] = [];
    const chatty = createDispatcher({
      appInfo: (_request, context) => {
        context.progress({ stage: 'reading', done: 1, total: 1 });
        return { version: 't', dbPath: 'x', transport: 'cli' };
      },
    } as Handlers);
    const outcome = await chatty.dispatch('appInfo', {}, { onProgress: (e) => heard.push(e) });
    expect(outcome.ok).toBe(true);
    expect(heard).toEqual([]);
  });

  it('throttles a big import: far fewer events than files, first and last kept', async () => {
    const events: ProgressEvent[] = [];
    const fake = createDispatcher({
      importFolder: (_request: unknown, context: HandlerContext) => {
        for (let done = 0; done <= 2000; done += 1) {
          context.progress({ stage: 'reading', done, total: 2000 });
        }
        context.progress({ stage: 'writing', done: 0, total: 2000 });
        context.progress({ stage: 'writing', done: 2000, total: 2000 });
        return { files: 2000, prompts: 0, versions: 0, schemas: 0, conflicts: [] };
      },
    } as unknown as Handlers);
    await fake.dispatch(
      'importFolder',
      { paths: ['/x'], job: 'big' },
      {
        onProgress: (e) => events.push(e),
      },
    );
    expect(events.length).toBeLessThan(30);
    expect(events[0]).toMatchObject({ stage: 'reading', done: 0 });
    expect(events).toContainEqual(expect.objectContaining({ stage: 'reading', done: 2000 }));
    expect(events.at(-1)).toMatchObject({ stage: 'writing', done: 2000 });
  });
});
