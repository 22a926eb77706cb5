import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src-shared/contract/events';
import { createDispatcher } from '../services/dispatch';
import { createHandlers } from '../services/handlers';
import { createServices } from '../services/index';
import type { Services } from '../services/index';
import { createEventStreams } from './eventStream';
import { startServer } from './httpServer';
import type { RunningServer } from './httpServer';
import { callApi, openEventStream, rawRequest } from './httpTestClient';
import { CONTENT_SECURITY_POLICY } from './security';

const EXAMPLES = resolve(import.meta.dirname, '../../../shared/seed/examples');

/** A live event stream read as it arrives: its raw text and the progress events in it. */
interface Stream {
  status: number;
  text: () => string;
  events: () => ProgressEvent[];
  /** Resolves once the stream's text matches `pattern`. */
  until(pattern: RegExp, ms?: number): Promise<void>;
  close(): void;
}

async function openStream(
  server: Pick<RunningServer, 'port' | 'token'>,
  headers: Record<string, string> = {},
): Promise<Stream> {
  const stream = await openEventStream(server, headers);
  return {
    ...stream,
    events: () =>
      stream
        .text()
        .split('\n\n')
        .filter((frame) => frame.startsWith('event: progress\n'))
        .map((frame) => JSON.parse(frame.split('\ndata: ')[1] ?? 'null') as ProgressEvent),
    until: async (pattern, ms = 10_000) => void (await stream.until(pattern, ms)),
  };
}

let dir: string;
let services: Services;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pwb-events-'));
  cpSync(EXAMPLES, join(dir, 'library'), { recursive: true });
  const dbPath = join(dir, 'library.db');
  services = createServices({ dbPath });
  const dispatcher = createDispatcher(createHandlers(services, { dbPath, transport: 'http' }));
  server = await startServer({ dispatcher, port: 0, heartbeatMs: 40 });
});

afterAll(async () => {
  await server.close();
  services.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const get = (headers: Record<string, string>) =>
  rawRequest(server.port, { path: '/api/events', headers });

describe('the event stream (GET /api/events)', () => {
  it('refuses a missing or wrong token with 401 before anything streams', async () => {
    const host = `127.0.0.1:${server.port}`;
    const attempts: Record<string, string>[] = [{ host }, { host, authorization: 'Bearer nope' }];
    for (const headers of attempts) {
      const reply = await get(headers);
      expect(reply.status).toBe(401);
      expect(reply.headers['content-type']).toMatch(/json/);
    }
  });

  it('refuses a foreign Origin or Host with 403', async () => {
    const authorization = `Bearer ${server.token}`;
    const foreignOrigin = await get({
      authorization,
      host: `127.0.0.1:${server.port}`,
      origin: 'https://evil.example',
    });
    expect(foreignOrigin.status).toBe(403);
    const rebinding = await get({ authorization, host: `evil.example:${server.port}` });
    expect(rebinding.status).toBe(403);
  });

  it('takes only GET', async () => {
    const reply = await callApi(server, 'events', '{}');
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET');
  });

  it('opens as text/event-stream from our own page and sends heartbeats', async () => {
    const stream = await openStream(server, { origin: `http://127.0.0.1:${server.port}` });
    try {
      expect(stream.status).toBe(200);
      await stream.until(/: heartbeat\n\n/);
      expect(stream.text().startsWith(': connected\n\n')).toBe(true);
    } finally {
      stream.close();
    }
  });

  it('streams the progress of an import of real files, tagged with the job', async () => {
    const stream = await openStream(server);
    try {
      await stream.until(/: connected/);
      const reply = await callApi(
        server,
        'importFolder',
        JSON.stringify({ paths: [join(dir, 'library')], job: 'seed-import' }),
      );
      const outcome = JSON.parse(reply.text) as { ok: boolean; value: { files: number } };
      expect(outcome.ok).toBe(true);
      const files = outcome.value.files;
      await stream.until(new RegExp(`"stage":"writing","done":${files}`));
      const events = stream.events();
      expect(events.every((e) => e.job === 'seed-import' && e.operation === 'importFolder')).toBe(
        true,
      );
      expect(events[0]).toMatchObject({ stage: 'reading', done: 0, total: files });
      expect(events.at(-1)).toMatchObject({ stage: 'writing', done: files, total: files });
      expect(services.prompts.list().total).toBe(8);
    } finally {
      stream.close();
    }
  });

  it('sends every event to each open page', async () => {
    const [first, second] = await Promise.all([openStream(server), openStream(server)]);
    try {
      await Promise.all([first.until(/: connected/), second.until(/: connected/)]);
      await callApi(server, 'exportFolder', JSON.stringify({ path: join(dir, 'out'), job: 'e1' }));
      for (const stream of [first, second]) {
        await stream.until(/"job":"e1"/);
        expect(stream.events().at(-1)).toMatchObject({ operation: 'exportFolder', job: 'e1' });
      }
    } finally {
      first.close();
      second.close();
    }
  });

  it('keeps serving calls after a page dropped its stream', async () => {
    const stream = await openStream(server);
    await stream.until(/: connected/);
    stream.close();
    await new Promise((done) => setTimeout(done, 50));
    const reply = await callApi(
      server,
      'exportFolder',
      JSON.stringify({ path: join(dir, 'again'), job: 'e2' }),
    );
    expect(JSON.parse(reply.text)).toMatchObject({ ok: true });
  });

  it('is allowed by the page CSP (same origin)', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self'");
  });
});

describe('event streams', () => {
  it('forgets a stream the page closed and ends the rest when the server closes', async () => {
    const streams = createEventStreams({ heartbeatMs: 20 });
    const http = createServer((req, res) => streams.open(req, res));
    await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
    const port = (http.address() as AddressInfo).port;
    try {
      const [dropped, kept] = [
        await openStream({ port, token: 't' }),
        await openStream({ port, token: 't' }),
      ];
      await Promise.all([dropped.until(/: connected/), kept.until(/: connected/)]);
      expect(streams.size).toBe(2);
      dropped.close();
      await expect.poll(() => streams.size).toBe(1);
      streams.closeAll();
      expect(streams.size).toBe(0);
      // Writing to no stream is harmless.
      streams.broadcast({
        job: 'j',
        operation: 'importFolder',
        stage: 'reading',
        done: 0,
        total: 1,
      });
    } finally {
      http.closeAllConnections();
      await new Promise((done) => http.close(done));
    }
  });
});
