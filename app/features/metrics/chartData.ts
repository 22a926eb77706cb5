// Turns metric buckets into the column arrays uPlot draws, one slot per bucket of the range.
import type { MetricBucket, MetricsSummary } from '../../../src-shared/contract/dto';
import { bucketMs } from './timeRange';

/** Columns for the charts: x in Unix seconds, then one array per series. */
export interface ChartColumns {
  /** Each slot's bucket start: the centre of its bar and the x of its points. */
  x: number[];
  /** The length of a slot (seconds). */
  slot: number;
  count: number[];
  errors: number[];
  errorRate: (number | null)[];
  p50: (number | null)[];
  p95: (number | null)[];
  p99: (number | null)[];
}

type Bucket = MetricsSummary['buckets'][number];

/**
 * One slot per bucket from `from` to `to` (the engines count events in [from, to); slots are
 * aligned to the bucket size from the UTC epoch, as the engines align them), so a quiet minute
 * shows as zero renders instead of the line jumping across it. Latency is null where no event
 * succeeded and the error rate where nothing happened (a gap, not a misleading zero).
 * Latencies are in ms, the error rate in percent.
 */
export function chartColumns(
  buckets: MetricsSummary['buckets'],
  range: { from: number; to: number; bucket: MetricBucket },
): ChartColumns {
  const size = bucketMs(range.bucket);
  const slotOf = (time: number): number => Math.floor(time / size) * size;
  // A bucket the server placed off the slots (another alignment) is counted in the slot that
  // holds its start: every slot keeps one width, so no bar is squeezed by an odd neighbour.
  const bySlot = new Map<number, Bucket>();
  for (const bucket of buckets) {
    const slot = slotOf(bucket.start);
    const held = bySlot.get(slot);
    bySlot.set(slot, held ? merged(held, bucket) : bucket);
  }
  const placed = [...bySlot.keys()];
  const first = Math.min(slotOf(range.from), ...placed);
  const last = Math.max(slotOf(Math.max(range.from, range.to - 1)), ...placed);
  const columns: ChartColumns = {
    x: [],
    slot: size / 1000,
    count: [],
    errors: [],
    errorRate: [],
    p50: [],
    p95: [],
    p99: [],
  };
  for (let start = first; start <= last; start += size) {
    const bucket = bySlot.get(start);
    const count = bucket?.count ?? 0;
    const errors = bucket?.errors ?? 0;
    // Buckets whose events all failed have no latency (the engines say 0 there).
    const succeeded = bucket !== undefined && count > errors;
    columns.x.push(start / 1000);
    columns.count.push(count);
    columns.errors.push(errors);
    columns.errorRate.push(bucket !== undefined && count > 0 ? bucket.error_rate * 100 : null);
    columns.p50.push(succeeded ? bucket.p50_us / 1000 : null);
    columns.p95.push(succeeded ? bucket.p95_us / 1000 : null);
    columns.p99.push(succeeded ? bucket.p99_us / 1000 : null);
  }
  return columns;
}

/**
 * Two buckets counted in one slot: counts and errors add up; a percentile cannot be
 * recombined from two, so the slot shows the higher of each (never understating latency).
 */
function merged(a: Bucket, b: Bucket): Bucket {
  const count = a.count + b.count;
  const errors = a.errors + b.errors;
  const okA = a.count - a.errors;
  const okB = b.count - b.errors;
  const pick = (x: number, y: number): number => Math.max(okA > 0 ? x : 0, okB > 0 ? y : 0);
  return {
    start: Math.min(a.start, b.start),
    count,
    errors,
    error_rate: count === 0 ? 0 : errors / count,
    p50_us: pick(a.p50_us, b.p50_us),
    p95_us: pick(a.p95_us, b.p95_us),
    p99_us: pick(a.p99_us, b.p99_us),
    avg_us: okA + okB === 0 ? 0 : (a.avg_us * okA + b.avg_us * okB) / (okA + okB),
  };
}

/**
 * The x scale's ends (Unix seconds) for slots `x` of length `slot`: at least half a slot beyond
 * the first and the last, so the bars at both edges (the current, still-filling bucket too) are
 * as wide as any other; more where a slot is narrower than a point, so that `marginPx` (a point's
 * radius) fits between an edge slot's centre and the plot's edge on a plot `plotWidth` px wide.
 */
export function xScale(
  x: ArrayLike<number>,
  slot: number,
  room: { plotWidth: number; marginPx: number } = { plotWidth: 0, marginPx: 0 },
): [number, number] {
  const first = x[0] ?? 0;
  const last = x[x.length - 1] ?? first;
  const between = (last - first) / slot;
  const { plotWidth, marginPx } = room;
  // With `pad` slots either side, an edge centre lies pad * plotWidth / (between + 2 pad) px in.
  const pad =
    plotWidth > 2 * marginPx
      ? Math.max(0.5, (marginPx * between) / (plotWidth - 2 * marginPx))
      : 0.5;
  return [first - pad * slot, last + pad * slot];
}

/**
 * The indices of values with no value beside them: a line cannot show them (it has nowhere to
 * go), so they are drawn as points whatever the density.
 */
export function loneIndices(values: ArrayLike<number | null | undefined>): number[] {
  const lone: number[] = [];
  const present = (i: number): boolean => values[i] !== null && values[i] !== undefined;
  for (let i = 0; i < values.length; i += 1) {
    if (present(i) && !present(i - 1) && !present(i + 1)) lone.push(i);
  }
  return lone;
}

/**
 * The top of a y axis starting at 0: `least`, or the first of 1, 2, 4 × 10^k above the largest
 * value with a tenth to spare, so the top and its half are round ticks ("0, 10, 20 ms"); never
 * past `most` (a rate's 100 %) unless a value is.
 */
export function yTop(max: number, least: number, most = Number.POSITIVE_INFINITY): number {
  const want = max * 1.1;
  if (!(want > least)) return least;
  const base = 10 ** Math.floor(Math.log10(want));
  const tops = [1, 2, 4, 10].map((step) => Number((step * base).toPrecision(12)));
  const top = tops.find((value) => value >= want) ?? 10 * base;
  return Math.max(max, Math.min(most, top));
}

/** Whether every slot's point fits on a plot this wide (CSS px) with room around it. */
export function pointsFit(plotWidth: number, slots: number, pointSize: number): boolean {
  return slots <= 1 || plotWidth / slots >= 2 * pointSize;
}
