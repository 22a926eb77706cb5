// The SQL behind metrics summaries on PostgreSQL, giving SQLite's answers for the same events:
// exact nearest-rank percentiles (cume_dist, as on SQLite) for small ranges; past the exact
// limit, the same log-scale latency histograms read from the stored rows (`metric_hists`, kept
// by migration 8's trigger) with SQLite's cover of a range (metrics/rollups), plus the raw
// events of its partial hours. The shapes are shared with SQLite (metrics/summaryShape,
// metrics/modelCallShape).
import type pg from 'pg';
import type { MetricBucket, MetricsSummary } from '../../../src-shared/contract/dto';
import type { ModelCallsSummary } from '../../../src-shared/models/modelCalls';
import { BIN_GROWTH, ERROR_BIN } from '../metrics/histogram';
import {
  cover,
  SCOPE_ALL,
  SCOPE_PROMPT,
  SCOPE_SPANS,
  type Piece,
  type Scope,
} from '../metrics/rollups';
import { modelCallsOf, type ModelCallFilter, type ModelCallGroup } from '../metrics/modelCallShape';
import {
  BUCKET_MS,
  binnedSummaryOf,
  exactSummaryOf,
  groupOf,
  SUMMARY_PERCENTILES,
  type ExactRow,
  type Groups,
  type Histogram,
  type SummaryFilter,
} from '../metrics/summaryShape';

/** A pool, or one connection (a summary reads in one snapshot). */
export type Queryable = pg.Pool | pg.ClientBase;

/** Positional parameters being collected for one statement. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The filter's prompt, kind and source conditions (events and stored rows alike). */
function filterParts(filter: SummaryFilter, params: Params): string[] {
  const parts: string[] = [];
  if (filter.prompt_id !== null) parts.push(`prompt_id = ${params.add(filter.prompt_id)}`);
  if (filter.kind !== null) parts.push(`kind = ${params.add(filter.kind)}`);
  if (filter.source !== 'all') parts.push(`preview = ${params.add(filter.source === 'preview')}`);
  return parts;
}

/** The WHERE clause selecting the filter's events; only the conditions that apply. */
function eventWhere(filter: SummaryFilter, params: Params): string {
  const parts = ['true'];
  if (filter.from !== null) parts.push(`at >= ${params.add(filter.from)}`);
  if (filter.to !== null) parts.push(`at < ${params.add(filter.to)}`);
  return [...parts, ...filterParts(filter, params)].join(' AND ');
}

/** The latest time a range without an end reaches. */
const END_OF_TIME = Number.MAX_SAFE_INTEGER;

/** The range a filter covers, with open ends closed. */
function rangeOf(filter: SummaryFilter): [number, number] {
  return [filter.from ?? 0, filter.to ?? END_OF_TIME];
}

/** The histogram rows that hold the filter's events: all prompts, or the one asked for. */
const scopeOf = (filter: SummaryFilter): Scope =>
  filter.prompt_id === null ? SCOPE_ALL : SCOPE_PROMPT;

/**
 * The stored rows of `scope` in the pieces (span > 0) as a table `p` with each row's piece's
 * `sign`: one indexed range read per piece (a join to a table of pieces is planned as a scan of
 * every row).
 */
function storedFrom(filter: SummaryFilter, scope: Scope, pieces: Piece[], params: Params): string {
  const conditions = filterParts(filter, params);
  const reads = pieces.map((piece) => {
    const where = [
      `scope = ${scope}`,
      `span = ${params.add(piece.span)}`,
      `start >= ${params.add(piece.lo)}`,
      `start < ${params.add(piece.hi)}`,
      ...conditions,
    ];
    return `SELECT ${piece.sign} AS sign, prompt_id, version, start, count, errors, sum_us, bins
      FROM metric_hists WHERE ${where.join(' AND ')}`;
  });
  return `(${reads.join(' UNION ALL ')}) AS p`;
}

/** The raw events in the pieces (span 0) as a table `p`, each with its piece's `sign`. */
function rawFrom(filter: SummaryFilter, pieces: Piece[], params: Params): string {
  const conditions = filterParts(filter, params);
  const reads = pieces.map((piece) => {
    const where = [`at >= ${params.add(piece.lo)}`, `at < ${params.add(piece.hi)}`, ...conditions];
    return `SELECT ${piece.sign} AS sign, at, prompt_id, version, duration_us, ok
      FROM metric_events WHERE ${where.join(' AND ')}`;
  });
  return `(${reads.join(' UNION ALL ')}) AS p`;
}

const stored = (pieces: readonly Piece[]) => pieces.filter((piece) => piece.span > 0);
const raw = (pieces: readonly Piece[]) => pieces.filter((piece) => piece.span === 0);

/** A bucket's start for the events' `at`, as text (one key type across the breakdowns). */
const bucketStart = (bucket: MetricBucket): string =>
  `((at / ${BUCKET_MS[bucket]}) * ${BUCKET_MS[bucket]})::text`;

/**
 * Nearest-rank percentile p of a group: the smallest successful value whose share of the
 * group's successful values, count(≤ value) / n, reaches p / 100 (compared in double precision,
 * as SQLite compares it).
 */
const rankPick = (p: number): string =>
  `min(d) FILTER (WHERE ok AND share >= ${p / 100}::float8) AS p${p}`;

/** Every breakdown of the filter's events, ranked in one window pass (SQLite's statement). */
export async function exactSummary(
  db: Queryable,
  filter: SummaryFilter,
  bucket: MetricBucket,
): Promise<MetricsSummary> {
  const params = new Params();
  const result = await db.query<ExactRow>(
    `WITH ev AS MATERIALIZED (
       SELECT at, prompt_id, version, duration_us AS d, ok FROM metric_events
       WHERE ${eventWhere(filter, params)}),
     keyed AS (SELECT 0 AS g, NULL::text AS k0, NULL::text AS k1, d, ok FROM ev
               UNION ALL SELECT 1, prompt_id, version, d, ok FROM ev
               UNION ALL SELECT 2, ${bucketStart(bucket)}, NULL, d, ok FROM ev),
     ranked AS (SELECT g, k0, k1, d, ok,
                       cume_dist() OVER (PARTITION BY g, k0, k1, ok ORDER BY d) AS share
                FROM keyed)
     SELECT g, k0, k1, count(*)::float8 AS count,
            count(*) FILTER (WHERE NOT ok)::float8 AS errors,
            coalesce(sum(d) FILTER (WHERE ok), 0)::float8 AS sum_ok,
            count(*) FILTER (WHERE ok)::float8 AS n_ok,
            ${SUMMARY_PERCENTILES.map(rankPick).join(', ')}
     FROM ranked GROUP BY g, k0, k1`,
    params.values,
  );
  return exactSummaryOf(result.rows);
}

/** `binOf` (metrics/histogram) in PostgreSQL's double precision; failed events: the error bin. */
const BIN = `CASE WHEN ok THEN floor(ln(greatest(duration_us, 1::float8))
  / ln(${BIN_GROWTH}::float8))::integer ELSE ${ERROR_BIN} END`;

interface BinRow {
  g: number;
  k0: string;
  k1: string;
  bin: number;
  count: number;
  sum_us: number;
}

/**
 * The summary from log-scale latency histograms binned straight from every event in the range
 * (by time bucket, and by prompt and version). It reads every event: the stored rows
 * (`binnedSummary`) must give exactly this, which the tests and the bench check against it.
 */
export async function scannedBinnedSummary(
  db: Queryable,
  filter: SummaryFilter,
  bucket: MetricBucket,
): Promise<MetricsSummary> {
  const params = new Params();
  const result = await db.query<BinRow>(
    `WITH ev AS MATERIALIZED (
       SELECT at, prompt_id, version, duration_us, ok, ${BIN} AS bin FROM metric_events
       WHERE ${eventWhere(filter, params)})
     SELECT 2 AS g, ${bucketStart(bucket)} AS k0, '' AS k1, bin, count(*)::float8 AS count,
            coalesce(sum(duration_us) FILTER (WHERE ok), 0)::float8 AS sum_us
     FROM ev GROUP BY 2, 3, 4
     UNION ALL
     SELECT 1, coalesce(prompt_id, ''), coalesce(version, ''), bin, count(*)::float8,
            coalesce(sum(duration_us) FILTER (WHERE ok), 0)::float8
     FROM ev GROUP BY 2, 3, 4`,
    params.values,
  );
  const buckets: Groups = new Map();
  const prompts: Groups = new Map();
  for (const row of result.rows) {
    const group =
      row.g === 2 ? groupOf(buckets, Number(row.k0), 0) : groupOf(prompts, row.k0, row.k1);
    group.count += row.count;
    group.sum_us += row.sum_us;
    if (row.bin === ERROR_BIN) group.errors += row.count;
    else group.bins.set(row.bin, (group.bins.get(row.bin) ?? 0) + row.count);
  }
  return binnedSummaryOf([...buckets.values()], [...prompts.values()]);
}

/**
 * Adds (sign 1) or takes away (-1) a stored row's bins, read from the text of its jsonb object
 * `{"bin": count, …}`: the whole numbers in it are bin, count, bin, count… (bins are never
 * negative, counts never stored below 1). Read by hand: a month's rows hold some 300,000 bins,
 * and an object parsed per row costs several times more.
 */
export function addBinText(into: Map<number, number>, text: string, sign: number): void {
  let value = 0;
  let digits = false;
  let bin = -1;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      value = value * 10 + (code - 48);
      digits = true;
    } else if (digits) {
      if (bin < 0) bin = value;
      else {
        into.set(bin, (into.get(bin) ?? 0) + sign * value);
        bin = -1;
      }
      value = 0;
      digits = false;
    }
  }
}

/**
 * A row as read, of breakdown `part` (0 time buckets, 1 prompts) with its piece's sign: a stored
 * row (prompt in k0, version in k1, its start, counts and bins as text), or the raw events of
 * one group and bin (keys in k0 and k1, bin, count and sum_us).
 */
type ReadRow = [
  part: number,
  sign: number,
  k0: string,
  k1: string,
  start: number | null,
  bin: number | null,
  count: number,
  errors: number | null,
  sum_us: number,
  bins: string | null,
];

/** One breakdown being summed: by time bucket (start of `bucketMs`) or by prompt and version. */
interface Breakdown {
  scope: Scope;
  pieces: Piece[];
  /** The group of a stored row. */
  keyOf: (prompt: string, version: string, start: number) => [string | number, string | number];
  /** The group of raw events, from their keys as read. */
  rawKeyOf: (k0: string, k1: string) => [string | number, string | number];
  /** The group keys of raw events, as SQL text (k0, k1). */
  rawKeys: string;
}

/** The SQL reading a breakdown's pieces: its stored rows, and its raw events binned. */
function breakdownReads(
  filter: SummaryFilter,
  part: number,
  breakdown: Breakdown,
  params: Params,
): string[] {
  const reads: string[] = [];
  const storedPieces = stored(breakdown.pieces);
  const rawPieces = raw(breakdown.pieces);
  if (storedPieces.length > 0) {
    reads.push(`SELECT ${part} AS part, p.sign, p.prompt_id AS k0, p.version AS k1,
        p.start::float8 AS start, NULL::integer AS bin, p.count::float8 AS count,
        p.errors::float8 AS errors, p.sum_us, p.bins::text AS bins
      FROM ${storedFrom(filter, breakdown.scope, storedPieces, params)}`);
  }
  if (rawPieces.length > 0) {
    reads.push(`SELECT ${part}, p.sign, ${breakdown.rawKeys}, NULL::float8, ${BIN},
        count(*)::float8, NULL::float8, coalesce(sum(duration_us) FILTER (WHERE ok), 0)::float8,
        NULL::text
      FROM ${rawFrom(filter, rawPieces, params)}
      GROUP BY 1, 2, 3, 4, 6`);
  }
  return reads;
}

/** Sums the rows read into each breakdown's groups. */
function sumRows(rows: readonly ReadRow[], breakdowns: readonly Breakdown[]): Histogram[][] {
  const groups: Groups[] = breakdowns.map(() => new Map());
  for (const [part, sign, k0, k1, start, bin, count, errors, sum, bins] of rows) {
    const breakdown = breakdowns[part] as Breakdown;
    const into = groups[part] as Groups;
    if (bins !== null) {
      const group = groupOf(into, ...breakdown.keyOf(k0, k1, start ?? 0));
      group.count += sign * count;
      group.errors += sign * (errors ?? 0);
      group.sum_us += sign * sum;
      addBinText(group.bins, bins, sign);
      continue;
    }
    const group = groupOf(into, ...breakdown.rawKeyOf(k0, k1));
    group.count += sign * count;
    group.sum_us += sign * sum;
    if (bin === ERROR_BIN) group.errors += sign * count;
    else if (bin !== null) group.bins.set(bin, (group.bins.get(bin) ?? 0) + sign * count);
  }
  // A group whose events all lay outside the range sums to nothing (the shape leaves it out).
  return groups.map((into) => [...into.values()]);
}

/**
 * The summary from the stored log-scale histograms: counts, errors and averages exact,
 * percentiles within 1 % of the exact nearest-rank value, equal to SQLite's. The range is covered
 * as on SQLite: the fewest stored rows (weeks, days and hours per prompt; days and hours across
 * prompts) plus the raw events of its partial hours; time buckets take rows no longer than a
 * bucket (minute buckets: raw events). Both breakdowns are read in one statement.
 */
export async function binnedSummary(
  db: Queryable,
  filter: SummaryFilter,
  bucket: MetricBucket,
): Promise<MetricsSummary> {
  const [lo, hi] = rangeOf(filter);
  const scope = scopeOf(filter);
  const bucketMs = BUCKET_MS[bucket];
  const timeSpans = SCOPE_SPANS[scope].filter((span) => span <= bucketMs);
  const breakdowns: Breakdown[] = [
    {
      scope,
      pieces: cover(lo, hi, timeSpans).pieces,
      keyOf: (_prompt, _version, start) => [start - (start % bucketMs), 0],
      rawKeyOf: (k0) => [Number(k0), 0],
      rawKeys: `((at / ${bucketMs}) * ${bucketMs})::text, ''::text`,
    },
    {
      scope: SCOPE_PROMPT,
      pieces: cover(lo, hi, SCOPE_SPANS[SCOPE_PROMPT]).pieces,
      keyOf: (prompt, version) => [prompt, version],
      rawKeyOf: (k0, k1) => [k0, k1],
      rawKeys: "coalesce(prompt_id, ''), coalesce(version, '')",
    },
  ];
  const params = new Params();
  const reads = breakdowns.flatMap((breakdown, part) =>
    breakdownReads(filter, part, breakdown, params),
  );
  const rows =
    reads.length === 0
      ? []
      : (
          await db.query<ReadRow>({
            text: reads.join(' UNION ALL '),
            values: params.values,
            rowMode: 'array',
          })
        ).rows;
  const [buckets, prompts] = sumRows(rows, breakdowns);
  return binnedSummaryOf(buckets ?? [], prompts ?? []);
}

/** Nearest-rank percentile p of `column` over the group's answered, uncached calls (ms). */
const pick = (column: string, p: number, alias: string): string =>
  `min(${column}) FILTER (WHERE rn >= greatest(1, (${p} * n + 99) / 100)) / 1000.0::float8 AS ${alias}`;

async function callGroups(
  db: Queryable,
  filter: ModelCallFilter,
  keys: string,
): Promise<ModelCallGroup[]> {
  const params = new Params();
  const parts = ["kind = 'model'"];
  if (filter.from !== null) parts.push(`at >= ${params.add(filter.from)}`);
  if (filter.to !== null) parts.push(`at < ${params.add(filter.to)}`);
  if (filter.prompt_id !== null) parts.push(`prompt_id = ${params.add(filter.prompt_id)}`);
  // Latency and time to first token are ranked apart: a call may have one and not the other.
  const ranked = (column: string) => `SELECT k0, k1, k2, ${column},
      row_number() OVER (PARTITION BY k0, k1, k2 ORDER BY ${column}) AS rn,
      count(*) OVER (PARTITION BY k0, k1, k2) AS n
    FROM fresh WHERE ${column} IS NOT NULL`;
  const same = (table: string) =>
    ['k0', 'k1', 'k2']
      .map((key) => `agg.${key} IS NOT DISTINCT FROM ${table}.${key}`)
      .join(' AND ');
  const result = await db.query<ModelCallGroup>(
    `WITH ev AS MATERIALIZED (
       SELECT ${keys}, duration_us, ttft_us, ok, cached, input_tokens, output_tokens, cost_usd
       FROM metric_events WHERE ${parts.join(' AND ')}),
     agg AS (SELECT k0, k1, k2, count(*)::float8 AS calls,
                    count(*) FILTER (WHERE NOT ok)::float8 AS errors,
                    count(*) FILTER (WHERE cached)::float8 AS cached,
                    coalesce(sum(input_tokens), 0)::float8 AS input_tokens,
                    coalesce(sum(output_tokens), 0)::float8 AS output_tokens,
                    coalesce(sum(CASE WHEN cached THEN 0 ELSE cost_usd END), 0)::float8 AS cost_usd,
                    count(cost_usd)::float8 AS priced
             FROM ev GROUP BY k0, k1, k2),
     fresh AS (SELECT * FROM ev WHERE ok AND cached IS NOT TRUE),
     latp AS (SELECT k0, k1, k2, ${pick('duration_us', 50, 'latency_p50_ms')},
                     ${pick('duration_us', 95, 'latency_p95_ms')}
              FROM (${ranked('duration_us')}) AS lat GROUP BY k0, k1, k2),
     ttp AS (SELECT k0, k1, k2, ${pick('ttft_us', 50, 'ttft_p50_ms')},
                    ${pick('ttft_us', 95, 'ttft_p95_ms')}
             FROM (${ranked('ttft_us')}) AS tt GROUP BY k0, k1, k2)
     SELECT agg.*, latp.latency_p50_ms, latp.latency_p95_ms, ttp.ttft_p50_ms, ttp.ttft_p95_ms
     FROM agg LEFT JOIN latp ON ${same('latp')} LEFT JOIN ttp ON ${same('ttp')}`,
    params.values,
  );
  return result.rows;
}

/** Model calls in the range, one row per prompt, version and model, plus totals. */
export async function modelCallsSummary(
  db: Queryable,
  filter: ModelCallFilter,
): Promise<ModelCallsSummary> {
  const [total, groups] = await Promise.all([
    callGroups(db, filter, 'NULL::text AS k0, NULL::text AS k1, NULL::text AS k2'),
    callGroups(db, filter, "prompt_id AS k0, version AS k1, coalesce(model, detail, '?') AS k2"),
  ]);
  return modelCallsOf(total[0], groups);
}
