// What the metrics dashboard's "Model calls" view shows: model calls grouped by prompt, version and model.

/** Which model calls a summary covers. Times are epoch milliseconds. */
export interface ModelCallsQuery {
  from?: number;
  to?: number;
  prompt_id?: string;
}

/** Model calls of one prompt version (null: unsaved changes) with one model. */
export interface ModelCallRow {
  prompt_id: string | null;
  /** Null for runs of unsaved changes. */
  version: string | null;
  /** `provider:model`. */
  model: string;
  calls: number;
  errors: number;
  error_rate: number;
  /** Calls answered from the cache (their latency and cost are not counted again). */
  cached: number;
  /** Latency percentiles of answered, uncached calls (ms); null when there were none. */
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  /** Time-to-first-token percentiles of answered, uncached calls (ms). */
  ttft_p50_ms: number | null;
  ttft_p95_ms: number | null;
  input_tokens: number;
  output_tokens: number;
  /** Dollars spent (calls with a known price only; cached calls cost nothing); null: no price known. */
  cost_usd: number | null;
}

/** Model calls over a time range. */
export interface ModelCallsSummary {
  rows: ModelCallRow[];
  totals: Omit<ModelCallRow, 'prompt_id' | 'version' | 'model'>;
}
