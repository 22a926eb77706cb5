// The dashboard's time ranges and the metrics query each one asks for.
import type { MetricBucket, MetricKind, MetricsQuery } from '../../../src-shared/contract/dto';

/** A time range the dashboard offers. */
export interface TimeRange {
  id: 'hour' | 'day' | 'week' | 'month';
  label: string;
  durationMs: number;
  bucket: MetricBucket;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Ranges, shortest first; each picks the bucket that gives a readable number of bars. */
export const TIME_RANGES: readonly TimeRange[] = [
  { id: 'hour', label: 'Last hour', durationMs: HOUR_MS, bucket: 'minute' },
  { id: 'day', label: 'Last 24 hours', durationMs: DAY_MS, bucket: 'hour' },
  { id: 'week', label: 'Last 7 days', durationMs: 7 * DAY_MS, bucket: 'day' },
  { id: 'month', label: 'Last 30 days', durationMs: 30 * DAY_MS, bucket: 'day' },
];

/** The length of one bucket in milliseconds. */
export function bucketMs(bucket: MetricBucket): number {
  if (bucket === 'minute') return MINUTE_MS;
  if (bucket === 'hour') return HOUR_MS;
  return DAY_MS;
}

/** The range with this id (the first range when unknown). */
export function timeRangeById(id: string): TimeRange {
  return TIME_RANGES.find((range) => range.id === id) ?? (TIME_RANGES[0] as TimeRange);
}

/** Which events the dashboard counts: one kind or all of them. */
export type KindFilter = MetricKind | 'all';

/**
 * The query for a range ending at `now`, optionally narrowed to one prompt and one kind; the
 * editor's previews are counted only when `previews` asks for them.
 */
export function metricsQueryFor(
  range: TimeRange,
  now: number,
  options: { promptId?: string | null; kind?: KindFilter; previews?: boolean } = {},
): MetricsQuery {
  const query: MetricsQuery = {
    from: now - range.durationMs,
    to: now,
    bucket: range.bucket,
    // The editor's live previews are how a prompt is written, not how it is used.
    source: options.previews === true ? 'all' : 'usage',
  };
  if (options.promptId) query.prompt_id = options.promptId;
  if (options.kind && options.kind !== 'all') query.kind = options.kind;
  return query;
}
