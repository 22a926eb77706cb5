import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricsQuery, MetricsSummary } from '../../../src-shared/contract/dto';
import { cliSandbox } from '../../cli/cliTestKit';
import { SEED_EXAMPLES } from '../../testKit/seedExamples';
import { openDatabase, type Database } from '../store/database';
import { MIGRATIONS } from '../store/migrations';
import { MetricsService, type MetricEvent } from './metricsService';
import { cover, DAY_MS, HOUR_MS, REBUILD_HISTS_SQL, WEEK_MS } from './rollups';

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const MINUTE = 60_000;

let dir: string;
let db: Database;
let now: number;
const clock = () => new Date(now);

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pwb-rollups-'));
  db = openDatabase(path.join(dir, 'm.db'));
  now = T0;
});
afterEach(() => {
  if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A generator of repeatable pseudo-random numbers in [0, 1). */
function randomFrom(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

/** A mixed event: a few prompts and versions (and none), kinds, previews, failures. */
function eventOf(random: () => number): MetricEvent {
  const prompt = Math.floor(random() * 6);
  return {
    kind: (['render', 'render', 'validate', 'export'] as const)[Math.floor(random() * 4)]!,
    prompt_id: prompt === 0 ? null : `p${prompt}`,
    version: prompt === 0 ? null : `1.${Math.floor(random() * 2)}.0`,
    duration_us: Math.round(5 + random() * random() * 20_000),
    ok: random() > 0.05,
    preview: random() < 0.3,
  };
}

/** Records `count` events at random times in [from, from + spanMs), flushing now and then. */
function recordSpread(
  metrics: MetricsService,
  count: number,
  from: number,
  spanMs: number,
  seed: number,
): void {
  const random = randomFrom(seed);
  const times = Array.from({ length: count }, () => from + Math.floor(random() * spanMs)).sort(
    (a, b) => a - b,
  );
  times.forEach((at, index) => {
    now = at;
    metrics.record(eventOf(random));
    if (index % 37 === 0) metrics.flush();
  });
  metrics.flush();
}

interface HistRow {
  key: string;
  count: number;
  errors: number;
  sum_us: number;
  bins: [number, number][];
}

/** `[bin, count, …]` as pairs in bin order. */
function pairs(flat: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let index = 0; index < flat.length; index += 2) out.push([flat[index]!, flat[index + 1]!]);
  return out.sort((a, b) => a[0] - b[0]);
}

/** Every histogram row, its bins in order (the JSON's key order is not part of the data). */
function snapshot(target: Database): HistRow[] {
  const rows = target
    .prepare(
      `SELECT scope, span, start, kind, preview, prompt_id, version, count, errors, sum_us, bins
       FROM metric_hists ORDER BY scope, span, start, kind, preview, prompt_id, version`,
    )
    .all() as (Record<string, unknown> & { bins: string; sum_us: number })[];
  return rows.map((row) => ({
    key: [
      row['scope'],
      row['span'],
      row['start'],
      row['kind'],
      row['preview'],
      row['prompt_id'],
      row['version'],
    ].join('|'),
    count: row['count'] as number,
    errors: row['errors'] as number,
    sum_us: Math.round(row.sum_us * 1000) / 1000,
    bins: pairs(JSON.parse(row.bins) as number[]),
  }));
}

/** The histogram rows as a rebuild from the events left would make them, in a copy. */
function rebuilt(source: Database): HistRow[] {
  const copy = path.join(dir, `copy-${Math.random().toString(36).slice(2)}.db`);
  source.prepare('VACUUM INTO ?').run(copy);
  const other = new BetterSqlite3(copy);
  other.exec(REBUILD_HISTS_SQL);
  const rows = snapshot(other);
  other.close();
  return rows;
}

/** Checks a binned summary against the exact one over the same events. */
function expectClose(binned: MetricsSummary, exact: MetricsSummary): void {
  expect(binned.approximate).toBe(true);
  expect(exact.approximate).toBeUndefined();
  const same = (a: MetricsSummary['totals'], b: MetricsSummary['totals']) => {
    expect(a.count).toBe(b.count);
    expect(a.errors).toBe(b.errors);
    expect(a.avg_us).toBeCloseTo(b.avg_us, 6);
    for (const key of ['p50_us', 'p95_us', 'p99_us'] as const) {
      if (b[key] === 0) expect(a[key]).toBe(0);
      else expect(Math.abs(a[key] - b[key]) / b[key]).toBeLessThanOrEqual(0.01);
    }
  };
  same(binned.totals, exact.totals);
  expect(binned.by_prompt.map((row) => [row.prompt_id, row.version])).toEqual(
    exact.by_prompt.map((row) => [row.prompt_id, row.version]),
  );
  binned.by_prompt.forEach((row, index) => same(row, exact.by_prompt[index]!));
  expect(binned.buckets.map((row) => row.start)).toEqual(exact.buckets.map((row) => row.start));
  binned.buckets.forEach((row, index) => same(row, exact.buckets[index]!));
}

describe('cover', () => {
  it('sums, with its signs, to exactly the range', () => {
    const random = randomFrom(11);
    const levels = [[WEEK_MS, DAY_MS, HOUR_MS], [DAY_MS, HOUR_MS], [HOUR_MS], []];
    for (let round = 0; round < 300; round += 1) {
      const lo = T0 + Math.floor(random() * 20 * DAY_MS);
      const hi = lo + Math.floor(random() * random() * 40 * DAY_MS);
      const spans = levels[round % levels.length]!;
      const { pieces } = cover(lo, hi, spans);
      // Every piece's edges, and points either side of them, are where the sum could go wrong.
      const points = pieces.flatMap((piece) => [piece.lo, piece.hi]).concat([lo, hi]);
      for (const point of points.flatMap((at) => [at - 1, at, at + 1])) {
        const covered = pieces.reduce((sum, piece) => {
          const inside =
            piece.span === 0
              ? piece.lo <= point && point < piece.hi
              : piece.lo <= point - (point % piece.span) && point - (point % piece.span) < piece.hi;
          return sum + (inside ? piece.sign : 0);
        }, 0);
        expect(covered).toBe(lo <= point && point < hi ? 1 : 0);
      }
      for (const piece of pieces) {
        if (piece.span !== 0) {
          expect(piece.lo % piece.span).toBe(0);
          expect(piece.hi % piece.span).toBe(0);
        }
      }
    }
  });

  it('reads a month as a few weeks, days and hours, not hundreds of hours', () => {
    const to = Date.UTC(2024, 5, 12, 2, 0, 0, 1);
    const { pieces } = cover(to - 30 * DAY_MS, to, [WEEK_MS, DAY_MS, HOUR_MS]);
    const nodes = pieces.reduce(
      (sum, piece) => sum + (piece.span === 0 ? 0 : (piece.hi - piece.lo) / piece.span),
      0,
    );
    expect(nodes).toBeLessThanOrEqual(12);
    const raw = pieces.filter((piece) => piece.span === 0);
    expect(raw.reduce((sum, piece) => sum + piece.hi - piece.lo, 0)).toBeLessThanOrEqual(HOUR_MS);
  });
});

describe('metric histograms', () => {
  it('equal a rebuild from the events after recording from two services on one file', () => {
    const first = new MetricsService(db, { clock, flushDelayMs: 1_000_000 });
    const other = openDatabase(path.join(dir, 'm.db'));
    const second = new MetricsService(other, { clock, flushDelayMs: 1_000_000 });
    recordSpread(first, 600, T0, 10 * DAY_MS, 1);
    recordSpread(second, 600, T0 + 3 * DAY_MS, 10 * DAY_MS, 2);
    other.close();
    const rows = snapshot(db);
    expect(rows.length).toBeGreaterThan(100);
    expect(rows).toEqual(rebuilt(db));
  });

  it('lose exactly the pruned events, where the cutoff cuts through an hour, day and week', () => {
    const metrics = new MetricsService(db, { clock, retentionDays: 90 });
    recordSpread(metrics, 1500, T0, 30 * DAY_MS, 3);
    const before = metrics.summary({
      from: T0,
      to: T0 + 31 * DAY_MS,
      bucket: 'day',
      source: 'all',
    });
    // Mid-hour, mid-day and mid-week: each level has a row the cutoff cuts through.
    now = T0 + 20 * DAY_MS + 3 * HOUR_MS + 17 * MINUTE;
    const removed = metrics.prune(10);
    expect(removed).toBeGreaterThan(0);
    expect(snapshot(db)).toEqual(rebuilt(db));
    const after = metrics.summary({ from: T0, to: T0 + 31 * DAY_MS, bucket: 'day', source: 'all' });
    expect(after.totals.count).toBe(before.totals.count - removed);
  });

  it('follow a shorter retention set in the library, and the summaries with them', () => {
    const exact = new MetricsService(db, { clock, exactLimit: Number.MAX_SAFE_INTEGER });
    const binned = new MetricsService(db, { clock, exactLimit: 0 });
    recordSpread(exact, 1500, T0, 40 * DAY_MS, 4);
    now = T0 + 40 * DAY_MS;
    binned.setRetentionDays(17);
    expect(snapshot(db)).toEqual(rebuilt(db));
    const range = { from: T0, to: now + 1, bucket: 'day' as const };
    const summary = exact.summary(range);
    expect(summary.buckets[0]!.start).toBeGreaterThanOrEqual(now - 17 * DAY_MS - DAY_MS);
    expectClose(binned.summary(range), summary);
  });

  it('are rebuilt from the events when a library is upgraded to them', () => {
    const file = path.join(dir, 'old.db');
    const old = openDatabase(
      file,
      MIGRATIONS.filter((migration) => migration.version <= 8),
    );
    const insert = old.prepare(
      `INSERT INTO metric_events (at, kind, prompt_id, version, duration_us, ok, preview)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const random = randomFrom(5);
    for (let n = 0; n < 400; n += 1) {
      const event = eventOf(random);
      insert.run(
        T0 + Math.floor(random() * 9 * DAY_MS),
        event.kind,
        event.prompt_id,
        event.version,
        event.duration_us,
        event.ok ? 1 : 0,
        event.preview ? 1 : 0,
      );
    }
    old.close();
    const upgraded = openDatabase(file);
    const tables = upgraded
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'metric_%'")
      .pluck()
      .all();
    expect(tables).not.toContain('metric_rollups');
    const rows = snapshot(upgraded);
    expect(
      rows.reduce((sum, row) => sum + (row.key.startsWith('1|86400000|') ? row.count : 0), 0),
    ).toBe(400);
    expect(rows).toEqual(rebuilt(upgraded));
    upgraded.close();
  });
});

describe('summaries from histograms', () => {
  it('match the exact summaries over many ranges, prompts, kinds, sources and buckets', () => {
    const exact = new MetricsService(db, { clock, exactLimit: Number.MAX_SAFE_INTEGER });
    const binned = new MetricsService(db, { clock, exactLimit: 0 });
    recordSpread(exact, 4000, T0, 45 * DAY_MS, 6);
    const random = randomFrom(9);
    const queries: MetricsQuery[] = [
      {},
      { from: T0 + 15 * DAY_MS + 7 * MINUTE, to: T0 + 45 * DAY_MS + 7 * MINUTE, bucket: 'day' },
      { from: T0 + 2 * DAY_MS, to: T0 + 9 * DAY_MS, bucket: 'day', source: 'all' },
      { from: T0 + 30 * MINUTE, to: T0 + 2 * HOUR_MS + 5, bucket: 'minute' },
      { to: T0 + 20 * DAY_MS + 1, bucket: 'hour', source: 'preview' },
      { from: T0 + 44 * DAY_MS + 1, bucket: 'hour' },
    ];
    for (let round = 0; round < 24; round += 1) {
      const from = T0 + Math.floor(random() * 40 * DAY_MS);
      queries.push({
        from,
        to: from + Math.floor(random() * 20 * DAY_MS),
        bucket: (['hour', 'day'] as const)[round % 2],
        source: (['usage', 'preview', 'all'] as const)[round % 3],
        ...(round % 4 === 1 ? { prompt_id: `p${1 + (round % 5)}` } : {}),
        ...(round % 5 === 2 ? { kind: 'render' as const } : {}),
      });
    }
    for (const query of queries) {
      const truth = exact.summary(query);
      expect(truth.totals.count, JSON.stringify(query)).toBeGreaterThan(0);
      expectClose(binned.summary(query), truth);
    }
  });

  it('are exact for small ranges and approximate past the limit', () => {
    const metrics = new MetricsService(db, { clock, exactLimit: 100 });
    recordSpread(metrics, 150, T0, DAY_MS, 8);
    expect(
      metrics.summary({ from: T0, to: T0 + HOUR_MS, source: 'all' }).approximate,
    ).toBeUndefined();
    expect(metrics.summary({ from: T0, to: T0 + DAY_MS, source: 'all' }).approximate).toBe(true);
  });
});

describe('every process that writes events', () => {
  it('keeps the histograms right: `pwb render` records and prunes through them', async () => {
    const box = cliSandbox();
    try {
      const day = 86_400_000;
      expect((await box.pwb('import', SEED_EXAMPLES)).code).toBe(0);
      const seeded = openDatabase(box.db);
      const past = new MetricsService(seeded, { clock: () => new Date(Date.now() - 120 * day) });
      past.record({
        kind: 'render',
        prompt_id: 'greeting',
        version: '1.0.0',
        duration_us: 40,
        ok: true,
      });
      past.close();
      seeded.close();
      const before = openDatabase(box.db);
      expect(before.prepare('SELECT count(*) FROM metric_events').pluck().get()).toBe(1);
      before.close();
      const render = await box.pwb(
        'render',
        'greeting',
        '--var',
        'name=Ada',
        '--var',
        'role=admin',
      );
      expect(render.stderr).toBe('');
      expect(render.code).toBe(0);
      const after = openDatabase(box.db);
      // The old event went (past the 90-day retention); the render's own event is in.
      const events = after.prepare('SELECT prompt_id, at FROM metric_events').all() as {
        at: number;
      }[];
      expect(events).toHaveLength(1);
      expect(events[0]!.at).toBeGreaterThan(Date.now() - day);
      expect(snapshot(after)).toEqual(rebuilt(after));
      expect(snapshot(after).filter((row) => row.key.startsWith('1|86400000|'))).toHaveLength(1);
      after.close();
    } finally {
      fs.rmSync(box.dir, { recursive: true, force: true });
    }
  });
});
