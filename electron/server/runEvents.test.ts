// Browser mode runs a prompt as a job: its events stream on /api/events, cancelRun stops it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRunJobEvent } from '../../src-shared/contract/events';
import type { RunJobEvent } from '../../src-shared/contract/events';
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

const KEY = 'sk-browser-mode-test-key-4321';

let models: ModelServer;
let services: Services;
let server: RunningServer;
let stream: OpenEventStream | undefined;

beforeEach(async () => {
  models = await startModelServer({ apiKey: KEY });
  const dbPath = join(mkdtempSync(join(tmpdir(), 'pwb-run-events-')), 'library.db');
  services = createServices({
    dbPath,
    keys: (name) => (name === 'OPENAI_API_KEY' ? KEY : undefined),
  });
  const dispatcher = createDispatcher(createHandlers(services, { dbPath, transport: 'http' }));
  server = await startServer({ dispatcher, port: 0 });
});
afterEach(async () => {
  stream?.close();
  await server.close();
  services.dispose();
  await models.close();
});

/** Opens the event stream; resolves once connected with a reader of the `run` events received. */
async function runEvents(): Promise<() => RunJobEvent[]> {
  const opened = await openEventStream(server);
  stream = opened;
  return () => sseEvents(opened.text(), 'run', isRunJobEvent);
}

const body = (job: string) =>
  JSON.stringify({
    document: textPrompt('Tell {{name}} a story'),
    variables: { name: 'Ada' },
    model: 'openai:gpt-4o-mini',
    base_url: models.openaiUrl,
    job,
  });

describe('runPrompt over HTTP', () => {
  it('streams deltas, usage and done on the event stream, and answers with the result', async () => {
    const events = await runEvents();
    const reply = await callApi(server, 'runPrompt', body('job-1'));
    expect(reply.status).toBe(200);
    const outcome = JSON.parse(reply.text) as { ok: true; value: { output: string } };
    expect(outcome.value.output).toBe('echo: Tell Ada a story');
    await expect.poll(() => events().at(-1)?.event.type).toBe('done');
    expect(events().every((event) => event.job === 'job-1')).toBe(true);
    const deltas = events().flatMap(({ event }) => (event.type === 'delta' ? [event.text] : []));
    expect(deltas.join('')).toBe('echo: Tell Ada a story');
    expect(
      events()
        .map(({ event }) => event.type)
        .slice(-2),
    ).toEqual(['usage', 'done']);
  });

  it('cancelRun stops a run in flight by its job id', async () => {
    models.script({ kind: 'stall', afterChunks: 1 });
    const events = await runEvents();
    const pending = callApi(server, 'runPrompt', body('job-2'));
    await expect.poll(() => events().some(({ event }) => event.type === 'delta')).toBe(true);
    const cancel = await callApi(server, 'cancelRun', JSON.stringify({ job: 'job-2' }));
    expect(JSON.parse(cancel.text)).toEqual({ ok: true, value: { cancelled: true } });
    const outcome = JSON.parse((await pending).text) as { ok: false; error: { code: string } };
    expect(outcome.error.code).toBe('cancelled');
    await expect.poll(() => events().at(-1)?.event.type).toBe('error');
    const again = await callApi(server, 'cancelRun', JSON.stringify({ job: 'job-2' }));
    expect(JSON.parse(again.text)).toEqual({ ok: true, value: { cancelled: false } });
  });

  it('refuses bad run requests at the door, sending nothing', async () => {
    for (const bad of [
      { variables: {}, temperature: 5 },
      { variables: {}, retries: -1 },
      { variables: {}, job: '../x' },
      { variables: {}, concurrency: 0 },
      { variables: {}, extra: 1 },
    ]) {
      const reply = await callApi(server, 'runPrompt', JSON.stringify(bad));
      expect((JSON.parse(reply.text) as { error: { code: string } }).error.code).toBe(
        'invalid_input',
      );
    }
    expect(models.requests).toHaveLength(0);
  });
});
