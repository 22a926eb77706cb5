// Browser mode runs an evaluation as a job: its planned, cell and done events stream on
// /api/events as `event: eval` frames, and cancelEvaluation stops it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isEvalJobEvent } from '../../src-shared/contract/events';
import type { EvalJobEvent } from '../../src-shared/contract/events';
import { textPrompt } from '../../src-shared/testKit/testPrompts';
import { createDispatcher } from '../services/dispatch';
import { createHandlers } from '../services/handlers';
import { createServices } from '../services/index';
import type { Services } from '../services/index';
import { startModelServer } from '../testKit/modelServer';
import type { ModelServer } from '../testKit/modelServer';
import { startServer } from './httpServer';
import type { RunningServer } from './httpServer';
import { callApi, openEventStream, sseEvents } from './httpTestClient';
import type { OpenEventStream } from './httpTestClient';

let models: ModelServer;
let services: Services;
let server: RunningServer;
let stream: OpenEventStream | undefined;

beforeEach(async () => {
  models = await startModelServer();
  const dbPath = join(mkdtempSync(join(tmpdir(), 'pwb-eval-events-')), 'library.db');
  services = createServices({ dbPath, keys: () => undefined });
  services.models.providers.add({
    name: 'local',
    kind: 'openai-compatible',
    base_url: models.openaiUrl,
  });
  services.prompts.save({ document: textPrompt('Say hello to {{name}}') });
  services.tests.replace('greeting', [
    { name: 'Ada', vars: { name: 'Ada' }, assert: [{ type: 'contains', value: 'Ada' }] },
    { name: 'Bo', vars: { name: 'Bo' }, assert: [{ type: 'contains', value: 'Ada' }] },
  ]);
  const dispatcher = createDispatcher(createHandlers(services, { dbPath, transport: 'http' }));
  server = await startServer({ dispatcher, port: 0 });
});
afterEach(async () => {
  stream?.close();
  await server.close();
  services.dispose();
  await models.close();
});

/** Opens the event stream; resolves once connected with a reader of the `eval` events received. */
async function evalEvents(): Promise<() => EvalJobEvent[]> {
  const opened = await openEventStream(server);
  stream = opened;
  return () => sseEvents(opened.text(), 'eval', isEvalJobEvent);
}

const body = (job: string) =>
  JSON.stringify({ prompts: ['greeting'], models: ['local:echo'], no_cache: true, job });

describe('runEvaluation over HTTP', () => {
  it('streams planned, one cell per case and done on the event stream', async () => {
    const events = await evalEvents();
    const reply = await callApi(server, 'runEvaluation', body('eval-1'));
    expect(reply.status).toBe(200);
    const run = (JSON.parse(reply.text) as { value: { id: string } }).value;
    await expect.poll(() => events().at(-1)?.event.type).toBe('done');
    expect(events().every((event) => event.job === 'eval-1')).toBe(true);
    expect(events().map(({ event }) => event.type)).toEqual(['planned', 'cell', 'cell', 'done']);
    expect(events()[0]?.event).toEqual({ type: 'planned', total: 2 });
    const cells = events().flatMap(({ event }) => (event.type === 'cell' ? [event.cell] : []));
    expect(cells.map((cell) => [cell.case, cell.pass]).sort()).toEqual([
      ['Ada', true],
      ['Bo', false],
    ]);
    const done = events().at(-1)?.event;
    expect(done?.type === 'done' ? done.run.id : null).toBe(run.id);
  });

  it('cancelEvaluation stops an evaluation in flight; nothing is kept', async () => {
    models.script({ kind: 'stall', afterChunks: 1 }, { kind: 'stall', afterChunks: 1 });
    const events = await evalEvents();
    const pending = callApi(server, 'runEvaluation', body('eval-2'));
    await expect.poll(() => events().some(({ event }) => event.type === 'planned')).toBe(true);
    await expect.poll(() => models.requests.length).toBe(2);
    const cancel = await callApi(server, 'cancelEvaluation', JSON.stringify({ job: 'eval-2' }));
    expect(JSON.parse(cancel.text)).toEqual({ ok: true, value: { cancelled: true } });
    const outcome = JSON.parse((await pending).text) as { ok: false; error: { code: string } };
    expect(outcome.error.code).toBe('cancelled');
    expect(events().some(({ event }) => event.type === 'done')).toBe(false);
    expect(await services.evaluation.list('greeting')).toEqual([]);
  });

  it('sends no eval frames for a call without a job', async () => {
    const events = await evalEvents();
    const reply = await callApi(
      server,
      'runEvaluation',
      JSON.stringify({ prompts: ['greeting'], models: ['local:echo'] }),
    );
    expect(reply.status).toBe(200);
    const again = await callApi(server, 'runEvaluation', body('eval-3'));
    expect(again.status).toBe(200);
    await expect.poll(() => events().at(-1)?.event.type).toBe('done');
    expect(events().every((event) => event.job === 'eval-3')).toBe(true);
  });
});
