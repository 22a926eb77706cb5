// What one model run reports: its streamed events and its final result, for every transport.

/** A field of the answer that breaks the prompt's output schema. */
export interface SchemaError {
  path: string;
  message: string;
  rule: string;
}

/** The final result of one run (the object `pwb run --json` prints). */
export interface RunResult {
  output: string;
  /** `provider:model`. */
  model: string;
  provider: string;
  latency_ms: number;
  /** Time to the first token; null when no text arrived. */
  ttft_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  /** Null where the model has no known price. */
  cost_usd: number | null;
  finish_reason: string | null;
  cached: boolean;
  schema_errors: SchemaError[];
}

/** One event of a running call, in order: deltas, usage, retries, then done or error. */
export type RunEvent =
  | { type: 'delta'; text: string }
  | { type: 'usage'; input_tokens: number | null; output_tokens: number | null }
  /** A temporary failure; the call is tried again after `delay_ms`. */
  | { type: 'retry'; attempt: number; delay_ms: number; reason: string }
  | { type: 'done'; result: RunResult }
  | { type: 'error'; error: { code: string; message: string; status?: number } };

/** Settings a run may override over the prompt's own. */
export interface RunSettings {
  temperature?: number;
  max_tokens?: number;
}

/** How a run calls its provider. */
export interface RunOptions extends RunSettings {
  /** `provider:model` or a bare id mapped by prefix; default: the prompt's first recommendation. */
  model?: string;
  /** Points the provider elsewhere for this call (same protocol). */
  base_url?: string;
  /** Skip the answer cache (neither read nor written). */
  no_cache?: boolean;
  /** Answer from the cache only: a miss fails the call without touching the network. */
  replay?: boolean;
  /** Retries of temporary failures (default 3). */
  retries?: number;
  /** Longest silence between two stream events, seconds (default 120). */
  timeout_s?: number;
  /** Calls in flight at once per provider (default 4). */
  concurrency?: number;
}

/** Defaults of the run options. */
export const RUN_DEFAULTS = { retries: 3, timeout_s: 120, concurrency: 4 } as const;
