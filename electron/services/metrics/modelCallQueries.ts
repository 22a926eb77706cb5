// The SQL behind the "Model calls" view: model events grouped by prompt, version and model, with
// exact nearest-rank percentiles of latency and time to first token (model calls are few).
import type { ModelCallsQuery, ModelCallsSummary } from '../../../src-shared/models/modelCalls';
import type { Database } from '../store/database';
import {
  modelCallFilter,
  modelCallsOf,
  type ModelCallFilter,
  type ModelCallGroup,
} from './modelCallShape';

const FILTER = `kind = 'model' AND (@from IS NULL OR at >= @from) AND (@to IS NULL OR at < @to)
  AND (@prompt_id IS NULL OR prompt_id = @prompt_id)`;

/** Nearest-rank percentile p of `column` over the group's answered, uncached calls (ms). */
const pick = (column: string, p: number, alias: string): string =>
  `min(CASE WHEN rn_${column} >= max(1, (${p} * n_${column} + 99) / 100) THEN ${column} END) / 1000.0 AS ${alias}`;

function groups(db: Database, filter: ModelCallFilter, keys: string): ModelCallGroup[] {
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
    .all(filter) as ModelCallGroup[];
}

/** Model calls in the range, one row per prompt, version and model, plus totals. */
export function modelCallsSummary(db: Database, query: ModelCallsQuery): ModelCallsSummary {
  const filter = modelCallFilter(query);
  return modelCallsOf(
    groups(db, filter, '0 AS k0, 0 AS k1, 0 AS k2')[0],
    groups(db, filter, "prompt_id AS k0, version AS k1, COALESCE(model, detail, '?') AS k2"),
  );
}
