// The SQL behind metrics summaries: exact nearest-rank percentiles with window functions, or
// log-scale histograms from the daily rollups (plus raw events for the range's partial days).
import type {
  Aggregate,
  MetricBucket,
  MetricKind,
  MetricSource,
  MetricsSummary,
} from '../../../src-shared/contract/dto';
import { compareVersions, isVersion } from '../../../src-shared/version';
import type { Database } from '../store/database';
import { BIN_SQL, binPercentiles, ERROR_BIN, type BinCount } from './histogram';

/** Which events a summary covers (null: no limit). */
export interface SummaryFilter {
  from: number | null;
  to: number | null;
  prompt_id: string | null;
  kind: MetricKind | null;
  source: MetricSource;
}

/** Usage, the editor's previews, or both (`@source`), over a table with a `preview` column. */
export const SOURCE_FILTER = `(@source = 'all' OR preview = (@source = 'preview'))`;

const DAY_MS = 86_400_000;
const BUCKET_MS: Record<MetricBucket, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: DAY_MS,
};

/**
 * The WHERE clause and parameters selecting the filter's events in [lo, hi) (null: no bound).
 * Only the conditions that apply are written: `(@x IS NULL OR at >= @x)` would keep SQLite
 * from using the index on `at`, and every summary would read every event.
 */
function eventWhere(
  filter: SummaryFilter,
  lo: number | null = filter.from,
  hi: number | null = filter.to,
): { where: string; params: Record<string, string | number> } {
  const parts: string[] = ['1'];
  const params: Record<string, string | number> = {};
  if (lo !== null) {
    parts.push('at >= @lo');
    params['lo'] = lo;
  }
  if (hi !== null) {
    parts.push('at < @hi');
    params['hi'] = hi;
  }
  if (filter.prompt_id !== null) {
    parts.push('prompt_id = @prompt_id');
    params['prompt_id'] = filter.prompt_id;
  }
  if (filter.kind !== null) {
    parts.push('kind = @kind');
    params['kind'] = filter.kind;
  }
  if (filter.source !== 'all') {
    parts.push('preview = @preview');
    params['preview'] = filter.source === 'preview' ? 1 : 0;
  }
  return { where: parts.join(' AND '), params };
}

/** The two group keys of each breakdown, as SQL over `metric_events`. */
type Keys = string;
const TOTAL_KEYS: Keys = '0 AS k0, 0 AS k1';
const PROMPT_KEYS: Keys = 'prompt_id AS k0, version AS k1';
const bucketKeys = (bucket: MetricBucket): Keys =>
  `(at / ${BUCKET_MS[bucket]}) * ${BUCKET_MS[bucket]} AS k0, 0 AS k1`;

interface GroupRow {
  k0: string | number | null;
  k1: string | number | null;
}

const EMPTY: Aggregate = {
  count: 0,
  errors: 0,
  error_rate: 0,
  p50_us: 0,
  p95_us: 0,
  p99_us: 0,
  avg_us: 0,
};

interface ExactRow extends GroupRow {
  count: number;
  errors: number;
  sum_ok: number;
  n_ok: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** Nearest-rank percentile p of a group, picked in SQL: the smallest value at rank ≥ ceil(p·n). */
const rankPick = (p: number): string =>
  `min(CASE WHEN rn >= max(1, (${p} * n + 99) / 100) THEN d END) AS p${p}`;

function exactGroups(db: Database, filter: SummaryFilter, keys: Keys): ExactRow[] {
  const { where, params } = eventWhere(filter);
  return db
    .prepare(
      `WITH ev AS (SELECT ${keys}, duration_us AS d, ok FROM metric_events WHERE ${where}),
       agg AS (SELECT k0, k1, count(*) AS count, count(*) - sum(ok) AS errors,
                      total(CASE WHEN ok = 1 THEN d END) AS sum_ok, sum(ok) AS n_ok
               FROM ev GROUP BY k0, k1),
       ranked AS (SELECT k0, k1, d, row_number() OVER (PARTITION BY k0, k1 ORDER BY d) AS rn,
                         count(*) OVER (PARTITION BY k0, k1) AS n
                  FROM ev WHERE ok = 1),
       pct AS (SELECT k0, k1, ${rankPick(50)}, ${rankPick(95)}, ${rankPick(99)}
               FROM ranked GROUP BY k0, k1)
       SELECT agg.*, pct.p50, pct.p95, pct.p99
       FROM agg LEFT JOIN pct ON agg.k0 IS pct.k0 AND agg.k1 IS pct.k1`,
    )
    .all(params) as ExactRow[];
}

function exactAggregate(row: ExactRow): Aggregate {
  return {
    count: row.count,
    errors: row.errors,
    error_rate: row.count === 0 ? 0 : row.errors / row.count,
    p50_us: row.p50 ?? 0,
    p95_us: row.p95 ?? 0,
    p99_us: row.p99 ?? 0,
    avg_us: row.n_ok === 0 ? 0 : row.sum_ok / row.n_ok,
  };
}

/** The summary from every event in the range, percentiles exact (nearest rank). */
export function exactSummary(
  db: Database,
  filter: SummaryFilter,
  bucket: MetricBucket,
): MetricsSummary {
  const totals = exactGroups(db, filter, TOTAL_KEYS)[0];
  return {
    totals: totals ? exactAggregate(totals) : EMPTY,
    by_prompt: exactGroups(db, filter, PROMPT_KEYS)
      .map((row) => ({ prompt_id: text(row.k0), version: text(row.k1), ...exactAggregate(row) }))
      .sort(byPromptThenVersion),
    buckets: exactGroups(db, filter, bucketKeys(bucket))
      .map((row) => ({ start: Number(row.k0), ...exactAggregate(row) }))
      .sort((a, b) => a.start - b.start),
  };
}

interface BinRow extends GroupRow, BinCount {
  sum_us: number;
}

/** A group's histogram being summed. */
interface Histogram {
  k0: BinRow['k0'];
  k1: BinRow['k1'];
  bins: BinCount[];
  count: number;
  errors: number;
  sum_us: number;
}

/** Where rollups apply: whole days inside the range; the partial days come from raw events. */
interface Split {
  dayFrom: number | null;
  dayTo: number | null;
  /** Raw events in [from, headEnd) and [tailStart, to) fill in the rest. */
  headEnd: number | null;
  tailStart: number | null;
  useRollups: boolean;
}

function split(filter: SummaryFilter): Split {
  const dayFrom = filter.from === null ? null : Math.ceil(filter.from / DAY_MS) * DAY_MS;
  const dayTo = filter.to === null ? null : Math.floor(filter.to / DAY_MS) * DAY_MS;
  if (dayFrom !== null && dayTo !== null && dayFrom >= dayTo) {
    return { dayFrom, dayTo, headEnd: filter.to, tailStart: filter.to, useRollups: false };
  }
  return { dayFrom, dayTo, headEnd: dayFrom, tailStart: dayTo, useRollups: true };
}

const RAW_BIN = `CASE WHEN ok = 0 THEN ${ERROR_BIN} ELSE ${BIN_SQL('duration_us')} END`;

/** Histogram rows of raw events in [from, headEnd) ∪ [tailStart, to), or the whole range. */
function rawBins(db: Database, filter: SummaryFilter, keys: Keys, range: Split | null): BinRow[] {
  if (range === null) return rawBinsIn(db, filter, keys, filter.from, filter.to);
  // Each edge on its own, so each reads only its part of the index on `at`.
  const head = filter.from === null ? [] : rawBinsIn(db, filter, keys, filter.from, range.headEnd);
  const tail = filter.to === null ? [] : rawBinsIn(db, filter, keys, range.tailStart, filter.to);
  return [...head, ...tail];
}

function rawBinsIn(
  db: Database,
  filter: SummaryFilter,
  keys: Keys,
  lo: number | null,
  hi: number | null,
): BinRow[] {
  if (lo !== null && hi !== null && lo >= hi) return [];
  const { where, params } = eventWhere(filter, lo, hi);
  return db
    .prepare(
      `SELECT ${keys}, ${RAW_BIN} AS bin, count(*) AS count, total(ok * duration_us) AS sum_us
       FROM metric_events WHERE ${where}
       GROUP BY k0, k1, bin`,
    )
    .all(params) as BinRow[];
}

/** Histogram rows of the daily rollups of whole days in the range. */
function rollupBins(db: Database, filter: SummaryFilter, keys: Keys, range: Split): BinRow[] {
  return db
    .prepare(
      `SELECT ${keys}, bin, sum(count) AS count, total(sum_us) AS sum_us FROM metric_rollups
       WHERE (@dayFrom IS NULL OR day >= @dayFrom) AND (@dayTo IS NULL OR day < @dayTo)
         AND (@prompt_id IS NULL OR prompt_id = @prompt_id) AND (@kind IS NULL OR kind = @kind)
         AND ${SOURCE_FILTER}
       GROUP BY k0, k1, bin`,
    )
    .all({ ...filter, dayFrom: range.dayFrom, dayTo: range.dayTo }) as BinRow[];
}

function sumHistograms(rows: readonly BinRow[]): Histogram[] {
  const groups = new Map<string, Histogram>();
  for (const row of rows) {
    const key = JSON.stringify([row.k0, row.k1]);
    let group = groups.get(key);
    if (group === undefined) {
      group = { k0: row.k0, k1: row.k1, bins: [], count: 0, errors: 0, sum_us: 0 };
      groups.set(key, group);
    }
    group.count += row.count;
    if (row.bin === ERROR_BIN) group.errors += row.count;
    else group.bins.push({ bin: row.bin, count: row.count });
    group.sum_us += row.sum_us;
  }
  return [...groups.values()];
}

function binnedAggregate(group: Histogram): Aggregate {
  const [p50, p95, p99] = binPercentiles(group.bins, [50, 95, 99]);
  const ok = group.count - group.errors;
  return {
    count: group.count,
    errors: group.errors,
    error_rate: group.count === 0 ? 0 : group.errors / group.count,
    p50_us: p50 ?? 0,
    p95_us: p95 ?? 0,
    p99_us: p99 ?? 0,
    avg_us: ok === 0 ? 0 : group.sum_us / ok,
  };
}

/** Rollup keys: the rollups store '' for no prompt or version, and days, not event times. */
const ROLLUP_TOTAL_KEYS: Keys = '0 AS k0, 0 AS k1';
const ROLLUP_PROMPT_KEYS: Keys = 'prompt_id AS k0, version AS k1';
const ROLLUP_DAY_KEYS: Keys = 'day AS k0, 0 AS k1';
/** Raw events spelled as the rollups spell them, so both land in one group. */
const RAW_PROMPT_KEYS: Keys = "COALESCE(prompt_id, '') AS k0, COALESCE(version, '') AS k1";

/**
 * The summary from log-scale histograms: counts, errors and averages exact, percentiles
 * within 1 % of the exact nearest-rank value. Whole days come from the rollups, the range's
 * partial first and last days from raw events; minute and hour buckets from raw events.
 */
export function binnedSummary(
  db: Database,
  filter: SummaryFilter,
  bucket: MetricBucket,
): MetricsSummary {
  const range = split(filter);
  const groups = (rawKeys: Keys, rollupKeys: Keys | null): Histogram[] =>
    sumHistograms(
      range.useRollups && rollupKeys !== null
        ? [...rollupBins(db, filter, rollupKeys, range), ...rawBins(db, filter, rawKeys, range)]
        : rawBins(db, filter, rawKeys, null),
    );
  const totals = groups(TOTAL_KEYS, ROLLUP_TOTAL_KEYS)[0];
  return {
    totals: totals ? binnedAggregate(totals) : EMPTY,
    by_prompt: groups(RAW_PROMPT_KEYS, ROLLUP_PROMPT_KEYS)
      .map((group) => ({
        prompt_id: text(group.k0 === '' ? null : group.k0),
        version: text(group.k1 === '' ? null : group.k1),
        ...binnedAggregate(group),
      }))
      .sort(byPromptThenVersion),
    buckets: groups(bucketKeys(bucket), bucket === 'day' ? ROLLUP_DAY_KEYS : null)
      .map((group) => ({ start: Number(group.k0), ...binnedAggregate(group) }))
      .sort((a, b) => a.start - b.start),
  };
}

function text(value: string | number | null): string | null {
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
