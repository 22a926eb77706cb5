// The engine-free half of the "Model calls" view: which calls a query selects, and how the
// grouped rows each engine computes in SQL become the view's rows and totals.
import type {
  ModelCallRow,
  ModelCallsQuery,
  ModelCallsSummary,
} from '../../../src-shared/models/modelCalls';
import { compareVersions, isVersion } from '../../../src-shared/version';

/** One group of model calls as SQL returns it (keys k0..k2: prompt, version, model). */
export interface ModelCallGroup {
  k0: string | null;
  k1: string | null;
  k2: string | null;
  calls: number;
  errors: number;
  cached: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  /** Calls with a known cost. */
  priced: number;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  ttft_p50_ms: number | null;
  ttft_p95_ms: number | null;
}

/** Which model calls a summary covers (null: no limit). */
export interface ModelCallFilter {
  from: number | null;
  to: number | null;
  prompt_id: string | null;
}

export function modelCallFilter(query: ModelCallsQuery): ModelCallFilter {
  return { from: query.from ?? null, to: query.to ?? null, prompt_id: query.prompt_id ?? null };
}

function figures(row: ModelCallGroup): ModelCallsSummary['totals'] {
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

/** The view from the all-calls group (`total`, if any) and the groups by prompt, version, model. */
export function modelCallsOf(
  total: ModelCallGroup | undefined,
  groups: readonly ModelCallGroup[],
): ModelCallsSummary {
  const rows: ModelCallRow[] = groups
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
