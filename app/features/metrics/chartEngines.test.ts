// The chart's slots against both engines' real summaries (SQLite and PostgreSQL, exact and from
// histograms) for every offered range: renders exactly at the range's start, at bucket starts,
// at the last instant before now and at now itself each land where the chart draws them whole.
import { afterEach, describe, expect, it } from 'vitest';
import type { Api } from '../../../src-shared/contract/operations';
import { createClient } from '../../api/client';
import { startLiveLibrary } from '../../testing/liveLibrary';
import type { LiveLibrary } from '../../testing/liveLibrary';
import { recordInPostgres, recordInSqlite } from '../../testing/metricEvents';
import type { TimedRender } from '../../testing/metricEvents';
import { teamPages } from '../../testing/teamLibrary';
import { chartColumns, xScale } from './chartData';
import { bucketMs, metricsQueryFor, TIME_RANGES } from './timeRange';

/** The start of a UTC day: a minute's, an hour's and a day's start at once. */
const ALIGNED = Date.UTC(2025, 0, 10, 0, 0, 0);
/** Now, at every bucket's start, and inside a bucket of every size. */
const NOWS = [ALIGNED, ALIGNED + 20_007];
/** Enough renders at one instant to make every range summarised from histograms. */
const BUSY = 2001;

/** The ranges the dashboard asks for, at each now. */
const QUERIES = TIME_RANGES.flatMap((range) =>
  NOWS.map((now) => ({ range, now, query: metricsQueryFor(range, now) })),
);

/** Renders at every range's edges: its start, the first bucket start inside, now's bucket. */
function edgeRenders(): TimedRender[] {
  const times = new Set<number>();
  for (const { range, query } of QUERIES) {
    const size = bucketMs(range.bucket);
    const from = query.from as number;
    const to = query.to as number;
    times.add(from);
    times.add(Math.ceil(from / size) * size);
    times.add(Math.floor((to - 1) / size) * size);
    times.add(to - 1);
    // Now itself: the range ends before it (the engines count [from, to)).
    times.add(to);
  }
  return [...times].map((at, n) => ({ at, duration_us: 500 + 10 * n, ok: true }));
}

/** Asks each range's summary and checks the chart draws every event whole, inside its scale. */
async function expectDrawnWhole(api: Api, renders: readonly TimedRender[], approximate: boolean) {
  for (const { range, now, query } of QUERIES) {
    const from = query.from as number;
    const to = query.to as number;
    const where = `${range.id} at now ${now - ALIGNED} ms past midnight`;
    const summary = await api.metricsSummary(query);
    const counted = renders.filter((render) => render.at >= from && render.at < to).length;
    expect(summary.totals.count, where).toBe(counted);
    expect(summary.approximate === true, where).toBe(approximate);

    const columns = chartColumns(summary.buckets, { from, to, bucket: range.bucket });
    // Nothing lost or added, and every bucket on a slot of its own.
    expect(
      columns.count.reduce((a, b) => a + b, 0),
      where,
    ).toBe(counted);
    const slots = summary.buckets.map((bucket) => columns.x.indexOf(bucket.start / 1000));
    expect(slots, where).not.toContain(-1);
    // The slot of the last instant before now, the current bucket, is the last one drawn.
    const current = Math.floor((to - 1) / bucketMs(range.bucket)) * bucketMs(range.bucket);
    expect(columns.x.at(-1), where).toBe(current / 1000);
    expect(columns.count.at(-1), where).toBeGreaterThan(0);

    // On a plot 300 px wide: each bar (a slot at most) and a 5 px point fit inside the scale.
    const [lo, hi] = xScale(columns.x, columns.slot, { plotWidth: 300, marginPx: 5 });
    const pxPerSecond = 300 / (hi - lo);
    for (const slot of slots) {
      const x = columns.x[slot] as number;
      expect(x - columns.slot / 2, where).toBeGreaterThanOrEqual(lo);
      expect(x + columns.slot / 2, where).toBeLessThanOrEqual(hi);
      expect(Math.min(x - lo, hi - x) * pxPerSecond, where).toBeGreaterThan(4.999);
      expect(columns.p50[slot], where).not.toBeNull();
      expect(columns.p99[slot], where).not.toBeNull();
    }
  }
}

/** Renders enough at the last instant before midnight for every range to be summarised by bins. */
const busyRenders = (): TimedRender[] =>
  Array.from({ length: BUSY }, (_, n) => ({ at: ALIGNED - 1, duration_us: 100 + n, ok: true }));

describe('the chart on a SQLite library', () => {
  let live: LiveLibrary | undefined;
  afterEach(async () => {
    await live?.close();
    live = undefined;
  });

  it('draws exact summaries whole at every range edge', async () => {
    live = await startLiveLibrary();
    const renders = edgeRenders();
    recordInSqlite(live.dbPath, renders);
    await expectDrawnWhole(createClient(live.transport), renders, false);
  });

  it('draws summaries from histograms whole at every range edge', async () => {
    live = await startLiveLibrary();
    const renders = [...edgeRenders(), ...busyRenders()];
    recordInSqlite(live.dbPath, renders);
    await expectDrawnWhole(createClient(live.transport), renders, true);
  });
});

describe('the chart on a PostgreSQL library', () => {
  const team = teamPages();

  it('draws exact summaries whole at every range edge', async () => {
    const { owner, transport } = await team.open('viewer');
    const renders = edgeRenders();
    await recordInPostgres(owner, renders);
    await expectDrawnWhole(createClient(transport), renders, false);
  });

  it('draws summaries from histograms whole at every range edge', async () => {
    const { owner, transport } = await team.open('viewer');
    const renders = [...edgeRenders(), ...busyRenders()];
    await recordInPostgres(owner, renders);
    await expectDrawnWhole(createClient(transport), renders, true);
  });
});
