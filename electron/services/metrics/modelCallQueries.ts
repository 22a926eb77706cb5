// The SQL behind the "Model calls" view: model events grouped by prompt, version and model, with
// exact nearest-rank percentiles of latency and time to first token (model calls are few).
import type {
  ModelCallRow,
  ModelCallsQuery,
  ModelCallsSummary,
} from '../../../src-shared/models/modelCalls';
import { compareVersions, isVersion } from '../../../src-shared/version';
import type { Database } from '../store/database';

const FILTER = `kind = 'model' AND (@from IS NULL OR at >= @from) AND (@to IS NULL OR at < @to)
  AND (@prompt_id IS NULL OR prompt_id = @prompt_id)`;

/** Nearest-rank percentile p of `column` over the group's answered, uncached calls (ms). */
const pick = (column: string, p: number, alias: string): string =>
  `min(CASE WHEN rn_${column} >= max(1, (${p} * n_${column} + 99) / 100) THEN ${column} END) / 1000.0 AS ${alias}`;

interface Row {
  k0: string | null;
  k1: string | null;
  k2: string | null;
  calls: number;
  errors: number;
  cached: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  priced: number;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  ttft_p50_ms: number | null;
  ttft_p95_ms: number | null;
}

interface Filter {
  from: number | null;
  to: number | null;
  prompt_id: string | null;
}

function groups(db: Database, filter: Filter, keys: string): Row[] {
  // Latency and time to first token are ranked separately: a call may have one and not the other.
  return db
    .prepare(
      `WITH ev AS (SELECT ${keys}, duration_us, ttft_us, ok, cached, input_tokens, output_tokens, cost_usd
                   FROM metric_events WHERE ${FILTER}),
       agg AS (SELECT k0, k1, k2, count(*) AS calls, count(*) - sum(ok) AS errors,
                      total(cached = 1) AS cached, total(input_tokens) AS input_tokens,
                      total(output_tokens) AS output_tokens,
                      total(CASE WHEN cached = 1 THEN 0 ELSE cost_usd END) AS cost_usd,
                      count(cost_usd) AS priced
               FROM ev GROUP BY k0, k1, k2),
       fresh AS (SELECT * FROM ev WHERE ok = 1 AND (cached IS NULL OR cached = 0)),
       lat AS (SELECT k0, k1, k2, duration_us,
                      row_number() OVER (PARTITION BY k0, k1, k2 ORDER BY duration_us) AS rn_duration_us,
                      count(*) OVER (PARTITION BY k0, k1, k2) AS n_duration_us
               FROM fresh),
       latp AS (SELECT k0, k1, k2, ${pick('duration_us', 50, 'latency_p50_ms')},
                       ${pick('duration_us', 95, 'latency_p95_ms')}
                FROM lat GROUP BY k0, k1, k2),
       tt AS (SELECT k0, k1, k2, ttft_us,
                     row_number() OVER (PARTITION BY k0, k1, k2 ORDER BY ttft_us) AS rn_ttft_us,
                     count(*) OVER (PARTITION BY k0, k1, k2) AS n_ttft_us
              FROM fresh WHERE ttft_us IS NOT NULL),
       ttp AS (SELECT k0, k1, k2, ${pick('ttft_us', 50, 'ttft_p50_ms')},
                      ${pick('ttft_us', 95, 'ttft_p95_ms')}
               FROM tt GROUP BY k0, k1, k2)
       SELECT agg.*, latp.latency_p50_ms, latp.latency_p95_ms, ttp.ttft_p50_ms, ttp.ttft_p95_ms
       FROM agg
       LEFT JOIN latp ON agg.k0 IS latp.k0 AND agg.k1 IS latp.k1 AND agg.k2 IS latp.k2
       LEFT JOIN ttp ON agg.k0 IS ttp.k0 AND agg.k1 IS ttp.k1 AND agg.k2 IS ttp.k2`,
    )
    .all(filter) as Row[];
}

function figures(row: Row): ModelCallsSummary['totals'] {
  return {
    calls: row.calls,
    errors: row.errors,
    error_rate: row.calls === 0 ? 0 : row.errors / row.calls,
    cached: row.cached,
    latency_p50_ms: row.latency_p50_ms,
    latency_p95_ms: row.latency_p95_ms,
    ttft_p50_ms: row.ttft_p50_ms,
    ttft_p95_ms: row.ttft_p95_ms,
    input_tokens: row.input_tokens,
    output_tokens: row.output_tokens,
    // Twelve decimals, as costs are computed: no float noise from the sum.
    cost_usd: row.priced === 0 ? null : Math.round(row.cost_usd * 1e12) / 1e12,
  };
}

const NO_CALLS: ModelCallsSummary['totals'] = {
  calls: 0,
  errors: 0,
  error_rate: 0,
  cached: 0,
  latency_p50_ms: null,
  latency_p95_ms: null,
  ttft_p50_ms: null,
  ttft_p95_ms: null,
  input_tokens: 0,
  output_tokens: 0,
  cost_usd: null,
};

/** Model calls in the range, one row per prompt, version and model, plus totals. */
export function modelCallsSummary(db: Database, query: ModelCallsQuery): ModelCallsSummary {
  const filter: Filter = {
    from: query.from ?? null,
    to: query.to ?? null,
    prompt_id: query.prompt_id ?? null,
  };
  const total = groups(db, filter, '0 AS k0, 0 AS k1, 0 AS k2')[0];
  const rows: ModelCallRow[] = groups(
    db,
    filter,
    "prompt_id AS k0, version AS k1, COALESCE(model, detail, '?') AS k2",
  )
    .map((row) => ({
      prompt_id: row.k0,
      version: row.k1,
      model: row.k2 ?? '?',
      ...figures(row),
    }))
    .sort(byPromptVersionModel);
  return { rows, totals: total && total.calls > 0 ? figures(total) : NO_CALLS };
}

function byPromptVersionModel(a: ModelCallRow, b: ModelCallRow): number {
  const left = a.prompt_id ?? '';
  const right = b.prompt_id ?? '';
  if (left !== right) return left < right ? -1 : 1;
  if (a.version !== b.version) {
    // Unsaved changes after every saved version.
    if (a.version === null) return 1;
    if (b.version === null) return -1;
    if (isVersion(a.version) && isVersion(b.version)) return compareVersions(a.version, b.version);
    return a.version < b.version ? -1 : 1;
  }
  return a.model < b.model ? -1 : a.model > b.model ? 1 : 0;
}
