// Turns metric buckets into the column arrays uPlot draws, one slot per bucket of the range.
import type { MetricBucket, MetricsSummary } from '../../../src-shared/contract/dto';
import { bucketMs } from './timeRange';

/** Columns for the charts: x in Unix seconds, then one array per series. */
export interface ChartColumns {
  x: number[];
  count: number[];
  errors: number[];
  errorRate: (number | null)[];
  p50: (number | null)[];
  p95: (number | null)[];
  p99: (number | null)[];
}

/**
 * One slot per bucket from `from` to `to` (aligned to the bucket size, in UTC), so a quiet
 * minute shows as zero renders instead of the line jumping across it. Latency and error rate
 * are null where nothing happened (a gap, not a misleading zero). Latencies are in ms.
 */
export function chartColumns(
  buckets: MetricsSummary['buckets'],
  range: { from: number; to: number; bucket: MetricBucket },
): ChartColumns {
  const size = bucketMs(range.bucket);
  const byStart = new Map(buckets.map((bucket) => [bucket.start, bucket]));
  const columns: ChartColumns = {
    x: [],
    count: [],
    errors: [],
    errorRate: [],
    p50: [],
    p95: [],
    p99: [],
  };
  const first = Math.floor(range.from / size) * size;
  const starts = new Set<number>();
  for (let start = first; start <= range.to; start += size) starts.add(start);
  // Buckets the server placed differently (another alignment) still show.
  for (const bucket of buckets) starts.add(bucket.start);
  for (const start of [...starts].sort((a, b) => a - b)) {
    const bucket = byStart.get(start);
    columns.x.push(start / 1000);
    columns.count.push(bucket?.count ?? 0);
    columns.errors.push(bucket?.errors ?? 0);
    const seen = bucket !== undefined && bucket.count > 0;
    columns.errorRate.push(seen ? bucket.error_rate * 100 : null);
    columns.p50.push(seen ? bucket.p50_us / 1000 : null);
    columns.p95.push(seen ? bucket.p95_us / 1000 : null);
    columns.p99.push(seen ? bucket.p99_us / 1000 : null);
  }
  return columns;
}
