// The engine-free half of metrics summaries: which events a query selects, and how grouped rows
// (exact ranks, or latency histograms) become the dashboard's summary. SQLite (summaryQueries)
// and PostgreSQL (postgres/pgMetricsQueries) compute the rows in their own SQL and share this.
import {
  METRIC_BUCKETS,
  METRIC_KINDS,
  METRIC_SOURCES,
  type Aggregate,
  type MetricBucket,
  type MetricKind,
  type MetricSource,
  type MetricsQuery,
  type MetricsSummary,
} from '../../../src-shared/contract/dto';
import { AppError } from '../../../src-shared/errors';
import { compareVersions, isVersion } from '../../../src-shared/version';
import { binPercentiles } from './histogram';

/** Which events a summary covers (null: no limit). */
export interface SummaryFilter {
  from: number | null;
  to: number | null;
  prompt_id: string | null;
  kind: MetricKind | null;
  source: MetricSource;
}

const DAY_MS = 86_400_000;
/** The length of each time bucket (ms); buckets are aligned to the UTC epoch. */
export const BUCKET_MS: Record<MetricBucket, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: DAY_MS,
};

/** The percentiles every summary ranks (nearest rank). */
export const SUMMARY_PERCENTILES = [50, 95, 99] as const;

/** Checks a query's bucket, kind and source; returns its bucket and filter (usage by default). */
export function summaryFilter(query: MetricsQuery): {
  bucket: MetricBucket;
  filter: SummaryFilter;
} {
  const bucket: MetricBucket = query.bucket ?? 'hour';
  if (!METRIC_BUCKETS.includes(bucket)) {
    throw new AppError('invalid_input', `Unknown bucket '${String(bucket)}'`);
  }
  if (query.kind !== undefined && !METRIC_KINDS.includes(query.kind)) {
    throw new AppError('invalid_input', `Unknown metric kind '${String(query.kind)}'`);
  }
  if (query.source !== undefined && !METRIC_SOURCES.includes(query.source)) {
    throw new AppError('invalid_input', `Unknown metric source '${String(query.source)}'`);
  }
  return {
    bucket,
    filter: {
      from: query.from ?? null,
      to: query.to ?? null,
      prompt_id: query.prompt_id ?? null,
      kind: query.kind ?? null,
      source: query.source ?? 'usage',
    },
  };
}

/** A group's key as read: prompt and version, or a bucket's start. */
export type GroupKey = string | number | null;

const EMPTY: Aggregate = {
  count: 0,
  errors: 0,
  error_rate: 0,
  p50_us: 0,
  p95_us: 0,
  p99_us: 0,
  avg_us: 0,
};

/** One group of the exact summary, its percentiles ranked in SQL. */
export interface ExactRow {
  /** Which breakdown: 0 totals, 1 by prompt and version, 2 by time bucket (start in k0). */
  g: 0 | 1 | 2;
  k0: GroupKey;
  k1: GroupKey;
  count: number;
  errors: number;
  sum_ok: number;
  n_ok: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/**
 * An average in µs to the nanosecond: each engine sums in its own order (SQLite's sums are
 * compensated), which shows in the last bits of a double and nowhere else.
 */
const toNanosecond = (us: number): number => Math.round(us * 1000) / 1000;

function exactAggregate(row: ExactRow): Aggregate {
  return {
    count: row.count,
    errors: row.errors,
    error_rate: row.count === 0 ? 0 : row.errors / row.count,
    p50_us: row.p50 ?? 0,
    p95_us: row.p95 ?? 0,
    p99_us: row.p99 ?? 0,
    avg_us: row.n_ok === 0 ? 0 : toNanosecond(row.sum_ok / row.n_ok),
  };
}

/** The summary from every event's group, percentiles exact (nearest rank). */
export function exactSummaryOf(rows: readonly ExactRow[]): MetricsSummary {
  const totals = rows.find((row) => row.g === 0);
  return {
    totals: totals ? exactAggregate(totals) : EMPTY,
    by_prompt: rows
      .filter((row) => row.g === 1)
      .map((row) => ({ prompt_id: text(row.k0), version: text(row.k1), ...exactAggregate(row) }))
      .sort(byPromptThenVersion),
    buckets: rows
      .filter((row) => row.g === 2)
      .map((row) => ({ start: Number(row.k0), ...exactAggregate(row) }))
      .sort((a, b) => a.start - b.start),
  };
}

/** A group's latency histogram being summed; pieces subtracted may take away. */
export interface Histogram {
  k0: GroupKey;
  k1: GroupKey;
  count: number;
  errors: number;
  sum_us: number;
  bins: Map<number, number>;
}

/** Histograms by group key. */
export type Groups = Map<string, Histogram>;

/** The histogram of group (k0, k1), made empty the first time. */
export function groupOf(groups: Groups, k0: GroupKey, k1: GroupKey): Histogram {
  const key = `${typeof k0}:${String(k0)}\u0000${typeof k1}:${String(k1)}`;
  let group = groups.get(key);
  if (group === undefined) {
    group = { k0, k1, count: 0, errors: 0, sum_us: 0, bins: new Map() };
    groups.set(key, group);
  }
  return group;
}

function binnedAggregate(group: Histogram): Aggregate {
  const bins = [...group.bins].map(([bin, count]) => ({ bin, count }));
  const [p50, p95, p99] = binPercentiles(bins, SUMMARY_PERCENTILES);
  const ok = group.count - group.errors;
  return {
    count: group.count,
    errors: group.errors,
    error_rate: group.count === 0 ? 0 : group.errors / group.count,
    p50_us: p50 ?? 0,
    p95_us: p95 ?? 0,
    p99_us: p99 ?? 0,
    avg_us: ok === 0 ? 0 : toNanosecond(group.sum_us / ok),
  };
}

/**
 * The summary from histograms: `buckets` keyed by bucket start, `prompts` by prompt and version
 * ('' for none); the totals are the buckets' sum. Groups with no events are left out.
 */
export function binnedSummaryOf(
  buckets: readonly Histogram[],
  prompts: readonly Histogram[],
): MetricsSummary {
  const inRange = (group: Histogram) => group.count > 0;
  const totals: Histogram = { k0: 0, k1: 0, count: 0, errors: 0, sum_us: 0, bins: new Map() };
  for (const group of buckets.filter(inRange)) {
    totals.count += group.count;
    totals.errors += group.errors;
    totals.sum_us += group.sum_us;
    for (const [bin, count] of group.bins)
      totals.bins.set(bin, (totals.bins.get(bin) ?? 0) + count);
  }
  return {
    totals: totals.count > 0 ? binnedAggregate(totals) : EMPTY,
    by_prompt: prompts
      .filter(inRange)
      .map((group) => ({
        prompt_id: text(group.k0 === '' ? null : group.k0),
        version: text(group.k1 === '' ? null : group.k1),
        ...binnedAggregate(group),
      }))
      .sort(byPromptThenVersion),
    buckets: buckets
      .filter(inRange)
      .map((group) => ({ start: Number(group.k0), ...binnedAggregate(group) }))
      .sort((a, b) => a.start - b.start),
  };
}

function text(value: GroupKey): string | null {
  return value === null ? null : String(value);
}

function byPromptThenVersion(
  a: { prompt_id: string | null; version: string | null },
  b: { prompt_id: string | null; version: string | null },
): number {
  const left = a.prompt_id ?? '';
  const right = b.prompt_id ?? '';
  if (left !== right) return left < right ? -1 : 1;
  if (isVersion(a.version) && isVersion(b.version)) return compareVersions(a.version, b.version);
  return (a.version ?? '') < (b.version ?? '') ? -1 : a.version === b.version ? 0 : 1;
}
