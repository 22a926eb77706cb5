// The stored metric histograms on PostgreSQL (migration 8): equal to a rebuild from the events
// after every kind of write (inserts, deletes, updates, pruning, truncation, `pwb copy`, the
// migration's own backfill), under 20 concurrent writers; summaries read from them equal the
// scan over the events; only the database's trigger writes them; and a model call's event the
// database refuses is counted as dropped, as on SQLite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { MetricsSettings } from '../../../src-shared/contract/dto';
import type { OperationName } from '../../../src-shared/contract/operations';
import { rejection } from '../../../src-shared/testKit/caught';
import { textPrompt } from '../../../src-shared/testKit/testPrompts';
import { startModelServer } from '../../testKit/modelServer';
import { usePostgres } from '../../testKit/postgres';
import { copyLibrary } from '../library/copyLibrary';
import { MetricsService, type MetricEvent } from '../metrics/metricsService';
import { summaryFilter } from '../metrics/summaryShape';
import { openDatabase } from '../store/database';
import { openPostgresLibrary, type PostgresLibrary } from './pgLibrary';
import { PgMetrics } from './pgMetrics';
import { binnedSummary, scannedBinnedSummary } from './pgMetricsQueries';
import { migrate, PG_MIGRATIONS } from './pgMigrations';
import { addUser } from './pgUsers';
import { openPostgresWorkbench } from './pgWorkbench';

const postgres = usePostgres();

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A Wednesday in the past, mid-hour (the server's prune floor never reaches it). */
const T0 = Date.UTC(2026, 2, 11, 9, 30, 0);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function library(url?: string): Promise<PostgresLibrary> {
  const opened = await openPostgresLibrary({ url: url ?? (await postgres.freshDatabase()) });
  cleanups.push(() => opened.close());
  return opened;
}

/** A deterministic spread of events over `days` days (prompts, versions, kinds, failures). */
function spread(count: number, days: number, seed = 7): { at: number; event: MetricEvent }[] {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor(state / 65_536);
  };
  return Array.from({ length: count }, (_, index) => {
    const prompt = ['greet', 'support', 'summary', null][next() % 4] ?? null;
    const version = prompt === null ? null : (['1.0.0', '1.2.0'][next() % 2] ?? null);
    const ok = next() % 13 !== 0;
    return {
      at: T0 - days * DAY + Math.floor((index * days * DAY) / count) + (next() % MINUTE),
      event: {
        kind:
          (['render', 'render', 'export', 'validate', 'model'] as const)[next() % 5] ?? 'render',
        prompt_id: prompt,
        version,
        duration_us: 20 + (next() % 80_000),
        ok,
        preview: next() % 5 === 0,
        ...(ok ? {} : { error_code: 'template_render' }),
      },
    };
  });
}

/** Records events through PgMetrics, each at its own time. */
async function record(target: PostgresLibrary, events: { at: number; event: MetricEvent }[]) {
  let now = 0;
  const metrics = new PgMetrics(target, { clock: () => new Date(now) });
  for (const { at, event } of events) {
    now = at;
    metrics.record(event);
  }
  await metrics.flush();
  return metrics;
}

/** Every histogram row, in key order (counts as numbers). */
async function histRows(client: pg.ClientBase | pg.Pool): Promise<unknown[]> {
  const result = await client.query(
    `SELECT scope, span::float8, start::float8, kind, preview, prompt_id, version,
            count::float8, errors::float8, sum_us, bins
     FROM metric_hists ORDER BY scope, span, start, kind, preview, prompt_id, version`,
  );
  return result.rows;
}

/** The rows as stored, and as a rebuild from the events makes them (rolled back). */
async function storedAndRebuilt(target: PostgresLibrary): Promise<[unknown[], unknown[]]> {
  const client = await target.pool.connect();
  try {
    await client.query('BEGIN');
    const stored = await histRows(client);
    await client.query('SELECT pwb_rebuild_metric_hists()');
    const rebuilt = await histRows(client);
    await client.query('ROLLBACK');
    return [stored, rebuilt];
  } finally {
    client.release();
  }
}

async function expectConsistent(target: PostgresLibrary): Promise<void> {
  const [stored, rebuilt] = await storedAndRebuilt(target);
  expect(stored).toEqual(rebuilt);
}

const count = async (target: PostgresLibrary, sql: string): Promise<number> =>
  Number((await target.pool.query<{ n: string }>(sql)).rows[0]?.n);

describe('stored metric histograms on PostgreSQL', () => {
  it('equal a rebuild from the events after inserts, deletes, updates, pruning and truncation', async () => {
    const target = await library();
    const events = spread(600, 20);
    const metrics = await record(target, events);
    const clock = events.at(-1)?.at ?? 0;
    const [stored] = await storedAndRebuilt(target);
    // Five rows per event at most (hour, day, week per prompt; hour, day across prompts).
    expect(stored.length).toBeGreaterThan(100);
    await expectConsistent(target);
    // One statement writing many events, some in rows already there.
    await target.pool.query(
      `INSERT INTO metric_events (at, kind, prompt_id, version, duration_us, ok, preview)
       SELECT ${T0} - n * 3600000, 'render', 'greet', '1.0.0', n * 17, n % 7 <> 0, false
       FROM generate_series(1, 300) AS n`,
    );
    await expectConsistent(target);
    const deleted = await target.pool.query(
      "DELETE FROM metric_events WHERE prompt_id = 'support'",
    );
    expect(deleted.rowCount).toBeGreaterThan(0);
    await expectConsistent(target);
    expect(
      await count(target, "SELECT count(*) AS n FROM metric_hists WHERE prompt_id = 'support'"),
    ).toBe(0);
    await target.pool.query(
      "UPDATE metric_events SET duration_us = duration_us * 3, ok = NOT ok WHERE kind = 'export'",
    );
    await expectConsistent(target);
    // Pruning to 7 days cuts through rows (a week, a day, an hour) and removes older ones.
    const before = await count(target, 'SELECT count(*) AS n FROM metric_events');
    const pruned = await metrics.prune(7);
    expect(pruned).toBeGreaterThan(0);
    expect(await count(target, 'SELECT count(*) AS n FROM metric_events')).toBe(before - pruned);
    await expectConsistent(target);
    expect(
      await count(
        target,
        `SELECT count(*) AS n FROM metric_hists WHERE start + span <= ${clock - 7 * DAY}`,
      ),
    ).toBe(0);
    await target.pool.query('TRUNCATE metric_events');
    expect(await count(target, 'SELECT count(*) AS n FROM metric_hists')).toBe(0);
  });

  it('give summaries equal to the scan over the events, for every range, filter and bucket', async () => {
    const target = await library();
    await record(target, spread(3000, 29));
    const ranges: [number | undefined, number | undefined][] = [
      [undefined, undefined],
      [T0 - 29 * DAY, T0 + 1],
      [T0 - 20 * DAY - 5 * HOUR - 7 * MINUTE, T0 - 2 * DAY + 13 * MINUTE],
      [T0 - 9 * DAY + 30 * MINUTE, undefined],
      [undefined, T0 - 3 * DAY - 1],
      [T0 - 2 * HOUR - 1, T0 - HOUR + 1],
    ];
    let compared = 0;
    for (const [from, to] of ranges) {
      for (const rest of [
        { bucket: 'day' as const },
        { bucket: 'hour' as const, source: 'all' as const },
        { bucket: 'day' as const, prompt_id: 'greet' },
        { bucket: 'hour' as const, kind: 'render' as const, source: 'preview' as const },
        { bucket: 'minute' as const, prompt_id: 'summary', kind: 'model' as const },
      ]) {
        const query = {
          ...rest,
          ...(from !== undefined ? { from } : {}),
          ...(to !== undefined ? { to } : {}),
        };
        const { bucket, filter } = summaryFilter(query);
        const scanned = await scannedBinnedSummary(target.pool, filter, bucket);
        expect(await binnedSummary(target.pool, filter, bucket), JSON.stringify(query)).toEqual(
          scanned,
        );
        if (scanned.totals.count > 0) compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(20);
    // Past the exact limit the service answers from them, flagged approximate.
    const summary = await new PgMetrics(target, { exactLimit: 100 }).summary({ source: 'all' });
    expect(summary.approximate).toBe(true);
    expect(summary.totals.count).toBe(3000);
  });

  it('are filled by the migration from the events already there', async () => {
    const url = await postgres.freshDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    cleanups.push(() => client.end());
    expect(await migrate(client, PG_MIGRATIONS.slice(0, 7))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    await client.query(
      `INSERT INTO metric_events (at, kind, prompt_id, version, duration_us, ok)
       SELECT ${T0} - n * 600000, 'render', 'p' || (n % 5), '1.0.0', 10 + n, n % 9 <> 0
       FROM generate_series(1, 500) AS n`,
    );
    const target = await library(url);
    expect(await count(target, 'SELECT max(version) AS n FROM schema_version')).toBe(8);
    await expectConsistent(target);
    const { bucket, filter } = summaryFilter({ bucket: 'day' });
    const summary = await binnedSummary(target.pool, filter, bucket);
    expect(summary.totals.count).toBe(500);
    expect(summary).toEqual(await scannedBinnedSummary(target.pool, filter, bucket));
  });

  it('stay exact under 20 concurrent writers, without a deadlock or a lost count', async () => {
    const url = await postgres.freshDatabase();
    const owner = await library(url);
    const writers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const opened = await openPostgresLibrary({ url, poolSize: 2 });
        cleanups.push(() => opened.close());
        return opened;
      }),
    );
    const now = T0;
    const events = spread(100, 1);
    await Promise.all(
      writers.map(async (writer, index) => {
        const metrics = new PgMetrics(writer, { clock: () => new Date(now) });
        if (index % 2 === 0) {
          // Through the app: events one after another, written as they come.
          for (const [position, { event }] of events.entries()) {
            metrics.record(event);
            if (position % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
          }
          await metrics.flush();
          expect((await metrics.settings()).dropped).toBe(0);
        } else {
          // Many events a statement, each writer's in another order of rows.
          for (let round = 0; round < 4; round += 1) {
            await writer.pool.query(
              `INSERT INTO metric_events (at, kind, prompt_id, version, duration_us, ok)
               SELECT ${now} - ((n * ${index + 1}) % 25) * 3600000, 'render',
                      'p' || ((n + ${index}) % 3), '1.0.0', n, true
               FROM generate_series(1, 25) AS n ORDER BY (n * 7 + ${round}) % 25`,
            );
          }
        }
      }),
    );
    const expected = 10 * events.length + 10 * 4 * 25;
    expect(await count(owner, 'SELECT count(*) AS n FROM metric_events')).toBe(expected);
    expect(
      await count(
        owner,
        'SELECT sum(count) AS n FROM metric_hists WHERE scope = 1 AND span = 86400000',
      ),
    ).toBe(expected);
    await expectConsistent(owner);
  });

  it('are written only by the database: a viewer reads them, and may not change them', async () => {
    const url = await postgres.freshDatabase();
    const owner = await library(url);
    const login = new URL(url);
    login.username = `hview_${randomBytes(3).toString('hex')}`;
    login.password = await addUser(owner, login.username, 'viewer');
    const viewer = await library(login.toString());
    // A viewer's event goes into the histograms through the trigger, as the database owner.
    const metrics = await record(viewer, spread(50, 2));
    const summary = await new PgMetrics(viewer, { exactLimit: 10 }).summary({ source: 'all' });
    expect(summary).toMatchObject({ approximate: true, totals: { count: 50 } });
    for (const sql of [
      `INSERT INTO metric_hists (scope, span, start, kind, preview, prompt_id, version, count,
         errors, sum_us, bins) VALUES (1, 3600000, 0, 'render', false, '', '', 1, 0, 1, '{}')`,
      'UPDATE metric_hists SET count = count + 1',
      'DELETE FROM metric_hists',
      'SELECT pwb_rebuild_metric_hists()',
    ]) {
      const refused = await rejection(
        viewer.read('change metric histograms', () => viewer.pool.query(sql)),
      );
      expect(refused.code, sql).toBe('forbidden');
    }
    expect((await metrics.settings()).dropped).toBe(0);
    await expectConsistent(owner);
  });

  it('are kept by pwb copy from SQLite and from PostgreSQL, summaries alike', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwb-pghists-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'library.db');
    const db = openDatabase(file);
    let now = 0;
    const sqlite = new MetricsService(db, { clock: () => new Date(now), exactLimit: 10 });
    for (const { at, event } of spread(800, 15)) {
      now = at;
      sqlite.record(event);
    }
    sqlite.close();
    now = T0;
    const query = { source: 'all' as const, bucket: 'day' as const };
    const expected = sqlite.summary(query);
    expect(expected.approximate).toBe(true);
    db.close();

    const first = await postgres.freshDatabase();
    await copyLibrary(file, first, dir);
    const copied = await library(first);
    await expectConsistent(copied);
    expect(await new PgMetrics(copied, { exactLimit: 10 }).summary(query)).toEqual(expected);

    const second = await postgres.freshDatabase();
    await copyLibrary(first, second, dir);
    const again = await library(second);
    await expectConsistent(again);
    expect(await histRows(again.pool)).toEqual(await histRows(copied.pool));
    expect(await new PgMetrics(again, { exactLimit: 10 }).summary(query)).toEqual(expected);
  });
});

describe('dropped metric events on PostgreSQL', () => {
  it("count a model call's event the database refused, as metricsSettings reports", async () => {
    const KEY = 'sk-pghists-test-key';
    const models = await startModelServer({ apiKey: KEY });
    cleanups.push(() => models.close());
    const url = await postgres.freshDatabase();
    const workbench = await openPostgresWorkbench({
      url,
      transport: 'cli',
      keys: (name) => (name === 'OPENAI_API_KEY' ? KEY : undefined),
    });
    cleanups.push(() => workbench.dispose());
    const call = async (name: OperationName, request: unknown) => {
      const outcome = await workbench.dispatcher.dispatch(name, request);
      if (!outcome.ok) throw new Error(`${name}: ${outcome.error.message}`);
      return outcome.value;
    };
    const run = {
      document: textPrompt('Tell {{name}} a story'),
      variables: { name: 'Ada' },
      model: 'openai:gpt-4o-mini',
      base_url: models.openaiUrl,
    };
    expect(await call('runPrompt', run)).toMatchObject({ output: 'echo: Tell Ada a story' });
    expect(await call('metricsSettings', {})).toMatchObject({ pending: 0, dropped: 0 });
    // The database now refuses model events: the call still answers, its event is dropped.
    const owner = await library(url);
    await owner.pool.query(
      "ALTER TABLE metric_events ADD CONSTRAINT no_model_events CHECK (kind <> 'model') NOT VALID",
    );
    expect(await call('runPrompt', run)).toMatchObject({ output: 'echo: Tell Ada a story' });
    expect(await call('runPrompt', run)).toMatchObject({ output: 'echo: Tell Ada a story' });
    const settings = (await call('metricsSettings', {})) as MetricsSettings;
    expect(settings).toMatchObject({ pending: 0, dropped: 2 });
    expect(await count(owner, "SELECT count(*) AS n FROM metric_events WHERE kind = 'model'")).toBe(
      1,
    );
    const calls = (await call('modelCallsSummary', {})) as { totals: { calls: number } };
    expect(calls.totals.calls).toBe(1);
  });
});
