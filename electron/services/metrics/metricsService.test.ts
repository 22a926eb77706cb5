import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../store/database';
import { MetricsService, type MetricEvent } from './metricsService';

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let dir: string;
let db: Database;
let now: number;
const clock = () => new Date(now);

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pwb-metrics-'));
  db = openDatabase(path.join(dir, 'm.db'));
  now = T0;
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const render = (duration_us: number, extra: Partial<MetricEvent> = {}): MetricEvent => ({
  kind: 'render',
  prompt_id: 'greet',
  version: '1.0.0',
  duration_us,
  ok: true,
  ...extra,
});

describe('MetricsService', () => {
  it('persists events: a new service over the same file sees them', () => {
    const first = new MetricsService(db, { clock });
    first.record(render(10));
    first.flush();
    expect(new MetricsService(db, { clock }).summary().totals.count).toBe(1);
  });

  it('aggregates known durations with nearest-rank percentiles and error rate', () => {
    const metrics = new MetricsService(db, { clock });
    for (let value = 100; value >= 1; value -= 1) metrics.record(render(value));
    metrics.record(render(99_999, { ok: false, error_code: 'template_render' }));
    const { totals } = metrics.summary();
    expect(totals).toMatchObject({ count: 101, errors: 1, p50_us: 50, p95_us: 95, p99_us: 99 });
    expect(totals.error_rate).toBeCloseTo(1 / 101);
    expect(totals.avg_us).toBe(50.5);
  });

  it('rounds the nearest rank up on small sets, in SQL as in the seed', () => {
    const metrics = new MetricsService(db, { clock });
    metrics.record(render(10));
    metrics.record(render(20));
    expect(metrics.summary().totals).toMatchObject({ p50_us: 10, p95_us: 20, p99_us: 20 });
    for (let value = 30; value <= 100; value += 10) metrics.record(render(value));
    expect(metrics.summary().totals).toMatchObject({ p50_us: 50, p95_us: 100, avg_us: 55 });
  });

  it('picks the nearest rank for sets of every size, ties and failures included', () => {
    const metrics = new MetricsService(db, { clock, exactLimit: Number.MAX_SAFE_INTEGER });
    let seed = 3;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let size = 1; size <= 120; size += 1) {
      const values = Array.from({ length: size }, () => 1 + Math.floor(random() * 40));
      for (const value of values) metrics.record(render(value, { prompt_id: `n${size}` }));
      metrics.record(render(1_000_000, { prompt_id: `n${size}`, ok: false }));
    }
    const rows = metrics.summary().by_prompt;
    seed = 3;
    for (let size = 1; size <= 120; size += 1) {
      const values = Array.from({ length: size }, () => 1 + Math.floor(random() * 40));
      const sorted = [...values].sort((a, b) => a - b);
      const rank = (p: number) => sorted[Math.max(1, Math.ceil((p * size) / 100)) - 1];
      expect(rows.find((row) => row.prompt_id === `n${size}`)).toMatchObject({
        count: size + 1,
        errors: 1,
        p50_us: rank(50),
        p95_us: rank(95),
        p99_us: rank(99),
      });
    }
  });

  it('breaks results down by prompt and version, in id then semver order', () => {
    const metrics = new MetricsService(db, { clock });
    metrics.record(render(10, { version: '1.10.0' }));
    metrics.record(render(30, { version: '1.9.0' }));
    metrics.record(render(50, { version: '1.9.0', ok: false }));
    metrics.record(render(7, { prompt_id: 'alpha', version: '2.0.0', kind: 'export' }));
    metrics.record(render(3, { prompt_id: null, version: null, kind: 'validate' }));
    const rows = metrics.summary().by_prompt;
    expect(rows.map((row) => [row.prompt_id, row.version, row.count, row.errors])).toEqual([
      [null, null, 1, 0],
      ['alpha', '2.0.0', 1, 0],
      ['greet', '1.9.0', 2, 1],
      ['greet', '1.10.0', 1, 0],
    ]);
    expect(rows[2]).toMatchObject({ error_rate: 0.5, p50_us: 30 });
  });

  it('groups into minute, hour and day buckets aligned to UTC', () => {
    const metrics = new MetricsService(db, { clock });
    const at = (offset: number, duration: number) => {
      now = T0 + offset;
      metrics.record(render(duration));
    };
    at(0, 1);
    at(30_000, 3);
    at(MINUTE + 1, 5);
    at(HOUR + 5 * MINUTE, 7);
    at(HOUR + 6 * MINUTE, 9);
    const minutes = metrics.summary({ bucket: 'minute' }).buckets;
    expect(minutes.map((bucket) => [bucket.start - T0, bucket.count])).toEqual([
      [0, 2],
      [MINUTE, 1],
      [HOUR + 5 * MINUTE, 1],
      [HOUR + 6 * MINUTE, 1],
    ]);
    const hours = metrics.summary({ bucket: 'hour' }).buckets;
    expect(hours.map((bucket) => [bucket.start - T0, bucket.count, bucket.p50_us])).toEqual([
      [0, 3, 3],
      [HOUR, 2, 7],
    ]);
    const days = metrics.summary({ bucket: 'day' }).buckets;
    expect(days).toHaveLength(1);
    expect(days[0]?.start).toBe(Date.UTC(2024, 4, 1));
  });

  it('filters by time range (from inclusive, to exclusive), prompt and kind', () => {
    const metrics = new MetricsService(db, { clock });
    metrics.record(render(1));
    now = T0 + HOUR;
    metrics.record(render(2, { kind: 'export' }));
    metrics.record(render(3, { prompt_id: 'other' }));
    expect(metrics.summary({ from: T0 + HOUR }).totals.count).toBe(2);
    expect(metrics.summary({ to: T0 + HOUR }).totals.count).toBe(1);
    expect(metrics.summary({ prompt_id: 'greet' }).totals.count).toBe(2);
    expect(metrics.summary({ kind: 'export' }).totals.p50_us).toBe(2);
  });

  it('prunes events older than the retention, by age, when it writes', () => {
    const metrics = new MetricsService(db, { clock, retentionDays: 7 });
    for (let day = 0; day < 20; day += 1) {
      now = T0 + day * DAY;
      metrics.record(render(day + 1));
      metrics.flush();
    }
    // At T0 + 19 days, events before T0 + 12 days are gone: days 12..19 remain.
    expect(metrics.summary().totals.count).toBe(8);
    expect(metrics.summary({ bucket: 'day' }).buckets[0]?.start).toBe(T0 - (T0 % DAY) + 12 * DAY);
  });

  it('keeps the retention as a library setting, refusing nonsense', () => {
    const metrics = new MetricsService(db, { clock });
    expect(metrics.retentionDays()).toBe(90);
    metrics.setRetentionDays(30);
    expect(new MetricsService(db, { clock }).retentionDays()).toBe(30);
    expect(new MetricsService(db, { clock, retentionDays: 5 }).retentionDays()).toBe(5);
    expect(() => metrics.setRetentionDays(0)).toThrow(/whole number of days/);
    expect(() => metrics.setRetentionDays(2.5)).toThrow(/whole number of days/);
    expect(metrics.retentionDays()).toBe(30);
  });

  it('summarises long ranges from daily rollups within 1 % of the exact percentiles', () => {
    const exact = new MetricsService(db, { clock, exactLimit: Number.MAX_SAFE_INTEGER });
    const binned = new MetricsService(db, { clock, exactLimit: 0 });
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let n = 0; n < 3000; n += 1) {
      now = T0 + Math.floor(random() * 5 * DAY);
      exact.record(render(Math.round(20 + random() * random() * 5000), { ok: n % 50 !== 0 }));
    }
    exact.flush();
    const query = { from: T0 + 3 * HOUR, to: T0 + 4 * DAY + 5 * HOUR, bucket: 'day' as const };
    const a = exact.summary(query);
    const b = binned.summary(query);
    expect(b.totals.count).toBe(a.totals.count);
    expect(b.totals.errors).toBe(a.totals.errors);
    expect(b.totals.avg_us).toBeCloseTo(a.totals.avg_us, 6);
    for (const key of ['p50_us', 'p95_us', 'p99_us'] as const) {
      expect(Math.abs(b.totals[key] - a.totals[key]) / a.totals[key]).toBeLessThanOrEqual(0.01);
    }
    expect(b.buckets.map((x) => [x.start, x.count])).toEqual(
      a.buckets.map((x) => [x.start, x.count]),
    );
    expect(b.by_prompt.map((x) => [x.prompt_id, x.count])).toEqual(
      a.by_prompt.map((x) => [x.prompt_id, x.count]),
    );
  });

  it('keeps the editor previews apart from usage, exactly and from rollups', () => {
    const exact = new MetricsService(db, { clock, exactLimit: Number.MAX_SAFE_INTEGER });
    const binned = new MetricsService(db, { clock, exactLimit: 0 });
    for (let day = 0; day < 3; day += 1) {
      now = T0 + day * DAY;
      exact.record(render(100));
      exact.record(render(5, { preview: true, ok: false }));
      exact.record(render(6, { preview: true }));
    }
    exact.flush();
    const range = { from: T0 - DAY, to: T0 + 4 * DAY };
    for (const metrics of [exact, binned]) {
      expect(metrics.summary(range).totals).toMatchObject({ count: 3, errors: 0 });
      expect(metrics.summary({ ...range, source: 'usage' }).totals.count).toBe(3);
      expect(metrics.summary({ ...range, source: 'preview' }).totals).toMatchObject({
        count: 6,
        errors: 3,
      });
      expect(metrics.summary({ ...range, source: 'all' }).totals.count).toBe(9);
    }
    expect(() => exact.summary({ source: 'drafts' as never })).toThrow(/Unknown metric source/);
  });

  it('refuses bad events', () => {
    const metrics = new MetricsService(db, { clock });
    expect(() => metrics.record(render(-1))).toThrow(/duration_us/);
    expect(() => metrics.record(render(Number.NaN))).toThrow(/duration_us/);
    expect(() => metrics.record(render(1, { kind: 'bogus' as never }))).toThrow(
      /Unknown metric kind/,
    );
    expect(metrics.summary().totals.count).toBe(0);
  });

  it('cuts long details instead of storing them whole', () => {
    const metrics = new MetricsService(db, { clock });
    metrics.record(render(1, { ok: false, detail: 'x'.repeat(5000) }));
    metrics.flush();
    const detail = db.prepare('SELECT detail FROM metric_events').pluck().get() as string;
    expect(detail.length).toBe(1000);
  });
});

describe('model calls', () => {
  const call = (extra: Partial<MetricEvent>): MetricEvent => ({
    kind: 'model',
    prompt_id: 'greet',
    version: '1.0.0',
    model: 'local:echo',
    detail: 'local:echo',
    duration_us: 100_000,
    ok: true,
    ttft_us: 20_000,
    input_tokens: 10,
    output_tokens: 5,
    cost_usd: 0.001,
    cached: false,
    ...extra,
  });

  it('groups by prompt, version and model with latency and TTFT percentiles, tokens, cost and errors', () => {
    const metrics = new MetricsService(db, { clock });
    for (let ms = 10; ms <= 100; ms += 10) {
      metrics.record(call({ duration_us: ms * 1000, ttft_us: ms * 100 }));
    }
    metrics.record(call({ ok: false, error_code: 'provider_error', cost_usd: null }));
    metrics.record(call({ cached: true, duration_us: 1, ttft_us: null, cost_usd: 0 }));
    metrics.record(call({ version: null, model: 'other:big' }));
    metrics.record(render(50));

    const { rows, totals } = metrics.modelCalls();
    expect(rows.map((row) => [row.version, row.model, row.calls])).toEqual([
      ['1.0.0', 'local:echo', 12],
      [null, 'other:big', 1],
    ]);
    const [first] = rows;
    expect(first).toMatchObject({
      errors: 1,
      cached: 1,
      latency_p50_ms: 50,
      latency_p95_ms: 100,
      ttft_p50_ms: 5,
      ttft_p95_ms: 10,
      input_tokens: 120,
      output_tokens: 60,
      cost_usd: 0.01,
    });
    expect(first?.error_rate).toBeCloseTo(1 / 12);
    expect(totals).toMatchObject({ calls: 13, errors: 1, cached: 1, cost_usd: 0.011 });
  });

  it('filters by prompt and time range, and reports no calls as empty', () => {
    const metrics = new MetricsService(db, { clock });
    metrics.record(call({}));
    now += HOUR;
    metrics.record(call({ prompt_id: 'other' }));
    expect(metrics.modelCalls({ prompt_id: 'other' }).rows).toHaveLength(1);
    expect(metrics.modelCalls({ from: T0 + MINUTE }).rows.map((row) => row.prompt_id)).toEqual([
      'other',
    ]);
    expect(metrics.modelCalls({ from: T0 + DAY })).toEqual({
      rows: [],
      totals: expect.objectContaining({ calls: 0, latency_p50_ms: null }),
    });
  });
});
