import { describe, expect, it } from 'vitest';
import type { MetricsSummary } from '../../../src-shared/contract/dto';
import { chartColumns, loneIndices, pointsFit, xScale, yTop } from './chartData';
import { bucketMs, metricsQueryFor, TIME_RANGES } from './timeRange';

const MIN = 60_000;
const T0 = Date.UTC(2025, 0, 10, 12, 0, 0);

function bucket(start: number, count: number, errors = 0) {
  return {
    start,
    count,
    errors,
    error_rate: count ? errors / count : 0,
    p50_us: 1000,
    p95_us: 2000,
    p99_us: 3000,
    avg_us: 1500,
  };
}

/**
 * The summary's buckets as both engines return them (summaryShape): one per bucket holding
 * events, its start the event time floored to the bucket size from the UTC epoch, in order.
 */
function engineBuckets(times: readonly number[], size: number): MetricsSummary['buckets'] {
  const counts = new Map<number, number>();
  for (const at of times) {
    const start = Math.floor(at / size) * size;
    counts.set(start, (counts.get(start) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => a - b).map(([start, count]) => bucket(start, count));
}

describe('chartColumns', () => {
  it('has one slot per minute of the range, zero where nothing happened', () => {
    const columns = chartColumns([bucket(T0 + 2 * MIN, 4)], {
      from: T0,
      to: T0 + 5 * MIN,
      bucket: 'minute',
    });
    expect(columns.x).toEqual([0, 1, 2, 3, 4].map((i) => (T0 + i * MIN) / 1000));
    expect(columns.count).toEqual([0, 0, 4, 0, 0]);
  });

  it('leaves gaps in latency and error rate where nothing happened', () => {
    const columns = chartColumns([bucket(T0 + MIN, 4, 1)], {
      from: T0,
      to: T0 + 3 * MIN,
      bucket: 'minute',
    });
    expect(columns.p95).toEqual([null, 2, null]);
    expect(columns.errorRate).toEqual([null, 25, null]);
  });

  it('leaves a gap in latency where every event failed, and shows the error rate', () => {
    // Both engines give such a bucket percentiles of 0: there was no latency to rank.
    const failed = { ...bucket(T0 + MIN, 2, 2), p50_us: 0, p95_us: 0, p99_us: 0, avg_us: 0 };
    const columns = chartColumns([failed], { from: T0, to: T0 + 3 * MIN, bucket: 'minute' });
    expect(columns.count).toEqual([0, 2, 0]);
    expect(columns.errorRate).toEqual([null, 100, null]);
    expect(columns.p50).toEqual([null, null, null]);
    expect(columns.p99).toEqual([null, null, null]);
  });

  it('aligns the first slot to the bucket boundary', () => {
    const columns = chartColumns([], { from: T0 + 30_000, to: T0 + MIN, bucket: 'minute' });
    expect(columns.x).toEqual([T0 / 1000]);
  });

  it('ends with the slot holding the last instant of the range (the end is not counted)', () => {
    const columns = chartColumns([], { from: T0, to: T0 + 2 * MIN, bucket: 'minute' });
    expect(columns.x).toEqual([T0 / 1000, (T0 + MIN) / 1000]);
  });

  it('counts a bucket the server aligned differently in the slot holding its start', () => {
    const odd = T0 + 15_000;
    const columns = chartColumns([bucket(odd, 2)], {
      from: T0,
      to: T0 + 2 * MIN,
      bucket: 'minute',
    });
    expect(columns.x).toEqual([T0 / 1000, (T0 + MIN) / 1000]);
    expect(columns.count).toEqual([2, 0]);
  });

  it('adds up two buckets in one slot, keeping the higher percentiles', () => {
    const slow = { ...bucket(T0 + 15_000, 1), p99_us: 9000 };
    const columns = chartColumns([bucket(T0, 3, 1), slow], {
      from: T0,
      to: T0 + MIN,
      bucket: 'minute',
    });
    expect(columns.count).toEqual([4]);
    expect(columns.errors).toEqual([1]);
    expect(columns.errorRate).toEqual([25]);
    expect(columns.p99).toEqual([9]);
  });

  it('still shows a bucket the server sent from outside the range', () => {
    const columns = chartColumns([bucket(T0 + 3 * MIN, 1)], {
      from: T0,
      to: T0 + MIN,
      bucket: 'minute',
    });
    expect(columns.x.at(-1)).toBe((T0 + 3 * MIN) / 1000);
    expect(columns.count).toEqual([0, 0, 0, 1]);
  });

  it('keeps half a slot of room beyond the first and the last slot', () => {
    const columns = chartColumns([bucket(T0 + 2 * MIN, 1)], {
      from: T0,
      to: T0 + 3 * MIN,
      bucket: 'minute',
    });
    expect(columns.slot).toBe(60);
    expect(xScale(columns.x, columns.slot)).toEqual([
      (T0 - MIN / 2) / 1000,
      (T0 + 2.5 * MIN) / 1000,
    ]);
    // Three slots on 300 px: each is 100 px, far wider than a point.
    const room = { plotWidth: 300, marginPx: 5 };
    expect(xScale(columns.x, columns.slot, room)).toEqual(xScale(columns.x, columns.slot));
  });

  it('keeps room for a point beside the edge slots when slots are narrower than points', () => {
    // An hour of minutes (61 slots) on 200 px: half a slot is under 2 px.
    const x = Array.from({ length: 61 }, (_, i) => (T0 + i * MIN) / 1000);
    const [lo, hi] = xScale(x, 60, { plotWidth: 200, marginPx: 5 });
    const pxPerSecond = 200 / (hi - lo);
    expect(((x[0] as number) - lo) * pxPerSecond).toBeCloseTo(5, 6);
    expect((hi - (x[60] as number)) * pxPerSecond).toBeCloseTo(5, 6);
    expect(hi - (x[60] as number)).toBeGreaterThan(30);
  });

  // Now at a bucket's start, inside a bucket, and the last instant before a bucket ends.
  const nows = (size: number): number[] => [T0, T0 + size / 3 + 7, T0 + size - 1];

  for (const range of TIME_RANGES) {
    const size = bucketMs(range.bucket);
    describe(`for ${range.label.toLowerCase()}`, () => {
      for (const now of nows(size)) {
        const query = metricsQueryFor(range, now);
        const from = query.from as number;
        const to = query.to as number;
        const where = {
          'the range start': from,
          'the start of the current bucket': Math.floor((to - 1) / size) * size,
          'the last instant of the range': to - 1,
          'a bucket start inside the range': Math.floor(from / size) * size + 2 * size,
        };

        it(`slots cover [from, now) evenly with now ${now - T0} ms past a bucket start`, () => {
          const columns = chartColumns([], { from, to, bucket: range.bucket });
          const gaps = columns.x.slice(1).map((x, i) => x - (columns.x[i] as number));
          expect(new Set(gaps)).toEqual(new Set([size / 1000]));
          const first = (columns.x[0] as number) * 1000;
          const last = (columns.x.at(-1) as number) * 1000;
          expect(first <= from && from < first + size).toBe(true);
          expect(last < to && to <= last + size).toBe(true);
        });

        for (const [label, at] of Object.entries(where)) {
          it(`draws an event at ${label} as a whole slot with a lone point (now +${now - T0} ms)`, () => {
            const columns = chartColumns(engineBuckets([at, at], size), {
              from,
              to,
              bucket: range.bucket,
            });
            const slot = columns.x.indexOf((Math.floor(at / size) * size) / 1000);
            expect(slot).toBeGreaterThanOrEqual(0);
            expect(columns.count[slot]).toBe(2);
            expect(columns.count.reduce((a, b) => a + b, 0)).toBe(2);
            // The slot's bar (a whole slot wide at most) lies inside the x scale, which holds
            // exactly the slots: every one as wide as the next.
            const [lo, hi] = xScale(columns.x, columns.slot);
            const x = columns.x[slot] as number;
            expect(x - columns.slot / 2).toBeGreaterThanOrEqual(lo);
            expect(x + columns.slot / 2).toBeLessThanOrEqual(hi);
            expect(hi - lo).toBe(columns.x.length * columns.slot);
            // On a narrow plot, a point's radius fits beside it too.
            const [narrowLo, narrowHi] = xScale(columns.x, columns.slot, {
              plotWidth: 200,
              marginPx: 5,
            });
            const pxPerSecond = 200 / (narrowHi - narrowLo);
            expect((x - narrowLo) * pxPerSecond).toBeGreaterThan(4.999);
            expect((narrowHi - x) * pxPerSecond).toBeGreaterThan(4.999);
            for (const series of [columns.p50, columns.p95, columns.p99, columns.errorRate]) {
              expect(loneIndices(series)).toEqual([slot]);
            }
          });
        }
      }
    });
  }
});

describe('loneIndices', () => {
  it('finds the values with no value beside them', () => {
    expect(loneIndices([null, 1, null])).toEqual([1]);
    expect(loneIndices([1, null, 2, 3, null, 4])).toEqual([0, 5]);
    expect(loneIndices([1])).toEqual([0]);
    expect(loneIndices([1, 2])).toEqual([]);
    expect(loneIndices([null, undefined])).toEqual([]);
  });
});

describe('pointsFit', () => {
  it('fits a point per slot only with twice its size to spare', () => {
    expect(pointsFit(300, 8, 6)).toBe(true);
    expect(pointsFit(300, 61, 6)).toBe(false);
    expect(pointsFit(300, 25, 6)).toBe(true);
    expect(pointsFit(10, 1, 6)).toBe(true);
  });
});

describe('yTop', () => {
  it('is the least asked for while the values fit under it with a tenth to spare', () => {
    expect(yTop(3, 4)).toBe(4);
    expect(yTop(0, 0.1)).toBe(0.1);
    expect(yTop(9, 10)).toBe(10);
  });

  it('rounds up to 1, 2 or 4 times a power of ten above that', () => {
    expect(yTop(17.5, 0.1)).toBe(20);
    expect(yTop(0.995, 0.1)).toBe(2);
    expect(yTop(6, 4)).toBe(10);
    expect(yTop(66.7, 10)).toBe(100);
    expect(yTop(25, 10)).toBe(40);
    expect(yTop(0.3, 0.1)).toBe(0.4);
    expect(yTop(900, 4)).toBe(1000);
  });

  it('stops at the most a value can be', () => {
    expect(yTop(100, 10, 100)).toBe(100);
    expect(yTop(95, 10, 100)).toBe(100);
    expect(yTop(30, 10, 100)).toBe(40);
  });
});
