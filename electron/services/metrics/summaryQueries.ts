// The SQL behind metrics summaries: exact nearest-rank percentiles with window functions, or
// log-scale histograms from the pre-aggregated rows (plus raw events for partial hours).
import type { MetricBucket, MetricsSummary } from '../../../src-shared/contract/dto';
import type { Database } from '../store/database';
import { BIN_SQL, ERROR_BIN, type BinCount } from './histogram';
import {
  addBins,
  cover,
  SCOPE_ALL,
  SCOPE_PROMPT,
  SCOPE_SPANS,
  type Piece,
  type Scope,
} from './rollups';
import {
  BUCKET_MS,
  binnedSummaryOf,
  exactSummaryOf,
  groupOf,
  type ExactRow,
  type GroupKey,
  type Groups,
  type Histogram,
  type SummaryFilter,
} from './summaryShape';

export type { SummaryFilter } from './summaryShape';

type Where = { where: string; params: Record<string, string | number> };

/** Adds the filter's prompt, kind and source conditions (those that apply) to `parts`. */
function withFilter(
  filter: SummaryFilter,
  parts: string[],
  params: Record<string, string | number>,
): Where {
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

/**
 * The WHERE clause and parameters selecting the filter's events in [lo, hi) (null: no bound).
 * Only the conditions that apply are written: `(@x IS NULL OR at >= @x)` would keep SQLite
 * from using the index on `at`, and every summary would read every event.
 */
function eventWhere(
  filter: SummaryFilter,
  lo: number | null = filter.from,
  hi: number | null = filter.to,
): Where {
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
  return withFilter(filter, parts, params);
}

/** The two group keys of each breakdown, as SQL over `metric_events`. */
type Keys = string;
const bucketKeys = (bucket: MetricBucket): Keys =>
  `(at / ${BUCKET_MS[bucket]}) * ${BUCKET_MS[bucket]} AS k0, 0 AS k1`;

/**
 * Nearest-rank percentile p of a group, picked in SQL: the smallest successful value whose
 * cumulative share of the group's n successful values, count(≤ value) / n, reaches p / 100
 * (that is the value at rank ceil(p·n)).
 */
const rankPick = (p: number): string =>
  `min(CASE WHEN ok = 1 AND share >= ${p / 100} THEN d END) AS p${p}`;

/**
 * Every breakdown of the filter's events in one statement: the events are read once (by the
 * index on time or on prompt), keyed three ways, and ranked in each group in one window pass
 * (successful and failed events apart; only the successful ones' shares are used).
 */
function exactGroups(db: Database, filter: SummaryFilter, bucket: MetricBucket): ExactRow[] {
  const { where, params } = eventWhere(filter);
  const size = BUCKET_MS[bucket];
  return db
    .prepare(
      `WITH ev AS MATERIALIZED (
         SELECT at, prompt_id, version, duration_us AS d, ok FROM metric_events WHERE ${where}),
       keyed AS (SELECT 0 AS g, 0 AS k0, 0 AS k1, d, ok FROM ev
                 UNION ALL SELECT 1, prompt_id, version, d, ok FROM ev
                 UNION ALL SELECT 2, (at / ${size}) * ${size}, 0, d, ok FROM ev),
       ranked AS (SELECT g, k0, k1, d, ok,
                         cume_dist() OVER (PARTITION BY g, k0, k1, ok ORDER BY d) AS share
                  FROM keyed)
       SELECT g, k0, k1, count(*) AS count, count(*) - sum(ok) AS errors,
              total(CASE WHEN ok = 1 THEN d END) AS sum_ok, sum(ok) AS n_ok,
              ${rankPick(50)}, ${rankPick(95)}, ${rankPick(99)}
       FROM ranked GROUP BY g, k0, k1`,
    )
    .all(params) as ExactRow[];
}

/** The summary from every event in the range, percentiles exact (nearest rank). */
export function exactSummary(
  db: Database,
  filter: SummaryFilter,
  bucket: MetricBucket,
): MetricsSummary {
  return exactSummaryOf(exactGroups(db, filter, bucket));
}

interface BinRow extends BinCount {
  k0: GroupKey;
  k1: GroupKey;
  sum_us: number;
}

const RAW_BIN = `CASE WHEN ok = 0 THEN ${ERROR_BIN} ELSE ${BIN_SQL('duration_us')} END`;

/** Adds (sign 1) or takes away (-1) the histogram rows of raw events in [lo, hi). */
function addRaw(
  db: Database,
  groups: Groups,
  filter: SummaryFilter,
  keys: Keys,
  piece: Piece,
): void {
  const { where, params } = eventWhere(filter, piece.lo, piece.hi);
  const rows = db
    .prepare(
      `SELECT ${keys}, ${RAW_BIN} AS bin, count(*) AS count, total(ok * duration_us) AS sum_us
       FROM metric_events WHERE ${where}
       GROUP BY k0, k1, bin`,
    )
    .all(params) as BinRow[];
  for (const row of rows) {
    const group = groupOf(groups, row.k0, row.k1);
    group.count += piece.sign * row.count;
    group.sum_us += piece.sign * row.sum_us;
    if (row.bin === ERROR_BIN) group.errors += piece.sign * row.count;
    else group.bins.set(row.bin, (group.bins.get(row.bin) ?? 0) + piece.sign * row.count);
  }
}

/** A histogram row as read: prompt, version, start, count, errors, sum_us, bins. */
type NodeRow = [string, string, number, number, number, number, string];
/** The group a histogram row goes to, from its prompt, version and start. */
type KeyOf = (prompt: string, version: string, start: number) => [GroupKey, GroupKey];

/**
 * The WHERE clause selecting the filter's histogram rows of one piece. Only the conditions
 * that apply are written, and the scope is spelled out, so SQLite reads only the rows in range
 * (by scope, span and start, or by prompt for one prompt).
 */
function nodeWhere(filter: SummaryFilter, scope: Scope, piece: Piece): Where {
  const parts = [`scope = ${scope}`, 'span = @span', 'start >= @lo', 'start < @hi'];
  const params: Record<string, string | number> = { span: piece.span, lo: piece.lo, hi: piece.hi };
  return withFilter(filter, parts, params);
}

/** Adds (or takes away) the histogram rows of one piece, grouped by `keyOf`. */
function addNodes(
  db: Database,
  groups: Groups,
  filter: SummaryFilter,
  scope: Scope,
  piece: Piece,
  keyOf: KeyOf,
): void {
  const { where, params } = nodeWhere(filter, scope, piece);
  const rows = db
    .prepare(
      `SELECT prompt_id, version, start, count, errors, sum_us, bins FROM metric_hists
       WHERE ${where}`,
    )
    .raw()
    .all(params) as NodeRow[];
  for (const [prompt, version, start, count, errors, sum, bins] of rows) {
    const group = groupOf(groups, ...keyOf(prompt, version, start));
    group.count += piece.sign * count;
    group.errors += piece.sign * errors;
    group.sum_us += piece.sign * sum;
    addBins(group.bins, bins, piece.sign);
  }
}

/** Sums the pieces of a cover: raw events by `rawKeys`, histogram rows by `keyOf`. */
function collect(
  db: Database,
  filter: SummaryFilter,
  scope: Scope,
  pieces: readonly Piece[],
  rawKeys: Keys,
  keyOf: KeyOf,
): Histogram[] {
  const groups: Groups = new Map();
  for (const piece of pieces) {
    if (piece.span === 0) addRaw(db, groups, filter, rawKeys, piece);
    else addNodes(db, groups, filter, scope, piece, keyOf);
  }
  // A group whose events all lay outside the range sums to nothing (the shape leaves it out).
  return [...groups.values()];
}

/** Raw events spelled as the histogram rows spell them, so both land in one group. */
const RAW_PROMPT_KEYS: Keys = "COALESCE(prompt_id, '') AS k0, COALESCE(version, '') AS k1";
/** The latest time a range without an end reaches. */
const END_OF_TIME = Number.MAX_SAFE_INTEGER;

/** The range a filter covers, with open ends closed. */
function rangeOf(filter: SummaryFilter): [number, number] {
  return [filter.from ?? 0, filter.to ?? END_OF_TIME];
}

/** The histogram rows that hold the filter's events: all prompts, or the one asked for. */
const scopeOf = (filter: SummaryFilter): Scope =>
  filter.prompt_id === null ? SCOPE_ALL : SCOPE_PROMPT;

/** How many events the filter selects, from the histogram rows' counts (and raw edges). */
export function countEvents(db: Database, filter: SummaryFilter): number {
  const scope = scopeOf(filter);
  const [lo, hi] = rangeOf(filter);
  let total = 0;
  for (const piece of cover(lo, hi, SCOPE_SPANS[scope]).pieces) {
    const { where, params } =
      piece.span === 0 ? eventWhere(filter, piece.lo, piece.hi) : nodeWhere(filter, scope, piece);
    const table = piece.span === 0 ? 'metric_events' : 'metric_hists';
    const what = piece.span === 0 ? 'count(*)' : 'total(count)';
    total +=
      piece.sign *
      (db.prepare(`SELECT ${what} FROM ${table} WHERE ${where}`).pluck().get(params) as number);
  }
  return total;
}

/**
 * The summary from log-scale histograms: counts, errors and averages exact, percentiles
 * within 1 % of the exact nearest-rank value. The range is covered by the fewest histogram
 * rows (weeks, days and hours per prompt; days and hours across prompts) plus the raw events
 * of its partial hours; time buckets take rows no longer than a bucket (minute buckets: raw).
 */
export function binnedSummary(
  db: Database,
  filter: SummaryFilter,
  bucket: MetricBucket,
): MetricsSummary {
  const [lo, hi] = rangeOf(filter);
  const scope = scopeOf(filter);
  const bucketMs = BUCKET_MS[bucket];
  const timeSpans = SCOPE_SPANS[scope].filter((span) => span <= bucketMs);
  const buckets = collect(
    db,
    filter,
    scope,
    cover(lo, hi, timeSpans).pieces,
    bucketKeys(bucket),
    (_prompt, _version, start) => [start - (start % bucketMs), 0],
  );
  const prompts = collect(
    db,
    filter,
    SCOPE_PROMPT,
    cover(lo, hi, SCOPE_SPANS[SCOPE_PROMPT]).pieces,
    RAW_PROMPT_KEYS,
    (prompt, version) => [prompt, version],
  );
  return binnedSummaryOf(buckets, prompts);
}
