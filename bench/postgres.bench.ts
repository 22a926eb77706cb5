// The team library's benchmarks, in one run against a local PostgreSQL server started here:
// saves and search at 10k prompts next to SQLite (both through the storage port), 20 concurrent
// writers on distinct prompts, how soon another client hears of a save, and the read API
// (`pwb serve --api` as its own process) answering ETag hits on both engines.
import { copyFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { PostgresApiKeys } from '../electron/services/apikeys/pgApiKeys';
import { createServices } from '../electron/services/index';
import { copyLibrary } from '../electron/services/library/copyLibrary';
import type { LibraryStore } from '../electron/services/library/libraryStore';
import { SqliteLibrary } from '../electron/services/library/sqliteLibrary';
import { openPostgresLibrary } from '../electron/services/postgres/pgLibrary';
import { acquirePostgres, releasePostgres } from '../electron/testKit/postgresServer';
import type { Prompt } from '../src-shared/model/prompt';
import { textPrompt } from './prompts';
import { startServe } from './serve';
import { nowMs, summarize } from './stats';
import { SEARCH_QUERIES } from './store.bench';

/** Saves `count` new versions of one prompt; returns each save's latency (ms). */
async function saveLatencies(store: LibraryStore, id: string, count: number): Promise<number[]> {
  const base = textPrompt(id);
  const template = base.template;
  if (!template) throw new Error('postgres bench: the prompt has no template');
  let version = (await store.save({ document: base })).version;
  const latencies: number[] = [];
  for (let index = 1; index <= count; index += 1) {
    const document: Prompt = {
      ...base,
      template: { ...template, content: `${template.content}\n(edit ${index})` },
    };
    const before = nowMs();
    version = (await store.save({ document, base: version, changelog: `edit ${index}` })).version;
    latencies.push(nowMs() - before);
  }
  return latencies;
}

async function searchLatencies(store: LibraryStore, rounds: number): Promise<number[]> {
  for (const search of SEARCH_QUERIES) await store.list({ search, limit: 200 });
  const latencies: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const search of SEARCH_QUERIES) {
      const before = nowMs();
      await store.list({ search, limit: 200 });
      latencies.push(nowMs() - before);
    }
  }
  return latencies;
}

/**
 * GET /v1/prompts/ID with a matching If-None-Match from `concurrency` keep-alive connections for
 * `durationMs`; returns the 304s answered per second (anything else fails the bench).
 */
async function etagHitRate(
  db: string,
  key: string,
  id: string,
  options: { durationMs: number; concurrency: number },
): Promise<number> {
  const served = await startServe(db, 60_000, { api: true });
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  try {
    const { hostname, port } = new URL(served.url);
    const get = (headers: Record<string, string>) =>
      new Promise<{ status: number; etag: string }>((resolve, reject) => {
        const request = http.get(
          {
            host: hostname,
            port,
            path: `/v1/prompts/${encodeURIComponent(id)}`,
            agent,
            headers: { authorization: `Bearer ${key}`, ...headers },
          },
          (response) => {
            response.resume();
            response.on('end', () =>
              resolve({ status: response.statusCode ?? 0, etag: String(response.headers.etag) }),
            );
          },
        );
        request.on('error', reject);
      });
    const first = await get({});
    if (first.status !== 200) throw new Error(`read API answered ${first.status}`);
    let hits = 0;
    const started = nowMs();
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (nowMs() - started < options.durationMs) {
          const answer = await get({ 'if-none-match': first.etag });
          if (answer.status !== 304) throw new Error(`read API answered ${answer.status}`);
          hits += 1;
        }
      }),
    );
    return hits / ((nowMs() - started) / 1000);
  } finally {
    agent.destroy();
    await served.stop();
  }
}

/** Runs the team library benchmarks on a copy of the 10k SQLite library. */
export async function runPostgresBench(
  dir: string,
  library10k: string,
  options: {
    saves: number;
    rounds: number;
    writerMs: number;
    notifications: number;
    readApiMs: number;
  },
): Promise<Record<string, number>> {
  const server = await acquirePostgres();
  const opened: LibraryStore[] = [];
  try {
    const url = await server.createDatabase();
    await copyLibrary(library10k, url, dir);
    const sqliteFile = join(dir, 'library-10k-port.db');
    copyFileSync(library10k, sqliteFile);
    const services = createServices({ dbPath: sqliteFile, actor: 'bench' });
    const sqlite = new SqliteLibrary({ services, actor: 'bench', owned: services });
    opened.push(sqlite);
    const postgres = await openPostgresLibrary({ url });
    opened.push(postgres);

    const values: Record<string, number> = {};
    const sqliteSaves = summarize(await saveLatencies(sqlite, 'bench_port_saves', options.saves));
    const pgSaves = summarize(await saveLatencies(postgres, 'bench_port_saves', options.saves));
    const sqliteSearch = summarize(await searchLatencies(sqlite, options.rounds));
    const pgSearch = summarize(await searchLatencies(postgres, options.rounds));
    Object.assign(values, {
      'pg.save_p95_ms_10k': pgSaves.p95,
      'pg.sqlite_save_p95_ms_10k': sqliteSaves.p95,
      'pg.save_p95_vs_sqlite': pgSaves.p95 / sqliteSaves.p95,
      'pg.search_p95_ms_10k': pgSearch.p95,
      'pg.sqlite_search_p95_ms_10k': sqliteSearch.p95,
      'pg.search_p95_vs_sqlite': pgSearch.p95 / sqliteSearch.p95,
    });

    // 20 clients, each with its own connection, saving versions of its own prompt.
    const writers = await Promise.all(
      Array.from({ length: 20 }, () => openPostgresLibrary({ url, poolSize: 1 })),
    );
    opened.push(...writers);
    const base = textPrompt('bench_writer');
    const template = base.template;
    if (!template) throw new Error('postgres bench: the prompt has no template');
    const versions = await Promise.all(
      writers.map(
        async (writer, index) =>
          (await writer.save({ document: { ...base, id: `bench_writer_${index}` } })).version,
      ),
    );
    let saves = 0;
    const started = nowMs();
    await Promise.all(
      writers.map(async (writer, index) => {
        let edit = 0;
        while (nowMs() - started < options.writerMs) {
          edit += 1;
          const document: Prompt = {
            ...base,
            id: `bench_writer_${index}`,
            template: { ...template, content: `${template.content}\n(edit ${edit})` },
          };
          const saved = await writer.save({ document, base: versions[index] ?? null });
          versions[index] = saved.version;
          saves += 1;
        }
      }),
    );
    values['pg.concurrent_writers_saves_s'] = saves / ((nowMs() - started) / 1000);

    // Another client hears of each save: from the save's call to the notification's arrival.
    const listener = writers[0];
    const saver = writers[1];
    if (!listener || !saver) throw new Error('postgres bench: no writers');
    const waiting = new Map<string, (at: number) => void>();
    const undo = await listener.subscribe((change) => {
      if (change.kind === 'saved') waiting.get(change.version)?.(nowMs());
    });
    const delays: number[] = [];
    let current = versions[1] ?? null;
    for (let index = 0; index < options.notifications; index += 1) {
      const document: Prompt = {
        ...base,
        id: 'bench_writer_1',
        template: { ...template, content: `${template.content}\n(notify ${index})` },
      };
      const before = nowMs();
      const next = (current ? bumpPatch(current) : '1.0.0') as string;
      const heard = new Promise<number>((resolve) => waiting.set(next, resolve));
      const saved = await saver.save({ document, base: current });
      current = saved.version;
      delays.push((await heard) - before);
      waiting.delete(next);
    }
    await undo();
    const notify = summarize(delays);
    values['pg.notify_p95_ms'] = notify.p95;
    values['pg.notify_p50_ms'] = notify.median;

    // The read API as its own process on each engine, one prompt asked for again and again.
    const reads = { durationMs: options.readApiMs, concurrency: 16 };
    const pgKey = await new PostgresApiKeys(postgres).create('bench');
    values['pg.read_api_etag_req_s'] = await etagHitRate(url, pgKey, 'bench_port_saves', reads);
    const sqliteKey = services.apiKeys.create('bench');
    values['pg.sqlite_read_api_etag_req_s'] = await etagHitRate(
      sqliteFile,
      sqliteKey,
      'bench_port_saves',
      reads,
    );
    return values;
  } finally {
    for (const store of opened.reverse()) await store.close().catch(() => undefined);
    await releasePostgres();
  }
}

function bumpPatch(version: string): string {
  const [major, minor, patch] = version.split('.').map(Number);
  return `${major}.${minor}.${(patch ?? 0) + 1}`;
}
