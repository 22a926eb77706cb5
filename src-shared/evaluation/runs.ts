// Evaluation runs as they cross the contract and print with `pwb test --json`: cells of
// version × model × case, a summary, and what changed against the prompt's baseline run.
import type { AssertionType } from './testCases';

/** One assertion's outcome in a cell. */
export interface CellAssertion {
  type: AssertionType;
  pass: boolean;
  reason: string;
}

/** One answer checked: a case of a prompt, at a version (null: unsaved changes), by a model. */
export interface EvalCell {
  prompt: string;
  /** The version run; null for unsaved changes (then `unsaved` is true). */
  version: string | null;
  unsaved?: true;
  model: string;
  case: string;
  pass: boolean;
  /** Weighted share of assertions passed (0 to 1). */
  score: number;
  output: string;
  assertions: CellAssertion[];
  latency_ms: number | null;
  cost_usd: number | null;
  cached: boolean;
  /** Why there is no answer (provider error, cache miss under replay, render error). */
  error?: string;
}

/** Where a cell sits, across runs: the baseline is compared by (prompt, case, model). */
export interface CellKey {
  prompt: string;
  case: string;
  model: string;
  version: string | null;
}

/** A stored evaluation run. */
export interface EvalRun {
  id: string;
  started_at: string;
  finished_at: string;
  cells: EvalCell[];
  summary: { passed: number; failed: number };
  /** The baseline run compared against (this run's id when it was marked as the baseline). */
  baseline: string | null;
  /** Cells that passed in the baseline and fail now. */
  regressions: CellKey[];
  /** Cells that failed in the baseline and pass now. */
  fixes: CellKey[];
}

/** A run in a list: no cells. */
export interface EvalRunSummary {
  id: string;
  started_at: string;
  prompts: string[];
  passed: number;
  failed: number;
  /** Prompts whose baseline this run is. */
  baseline_of: string[];
}

/** What an evaluation would call and cost (`pwb test --estimate`); nothing is called. */
export interface EvalEstimate {
  /** Calls to the models under test. */
  calls: number;
  /** Calls to the judge (one per llm-rubric assertion, when a judge is named). */
  judge_calls: number;
  input_tokens: number;
  /** Cost of the calls to models with a known price (judge calls not included). */
  cost_usd: number;
  /** Models without a price: their calls are not in `cost_usd`. */
  unpriced: string[];
}

/** Events of a running evaluation, in order: one `cell` per answer checked, then `done`. */
export type EvalEvent =
  | { type: 'planned'; total: number }
  | { type: 'cell'; cell: EvalCell }
  | { type: 'done'; run: EvalRun };

const keyOf = (cell: { prompt: string; case: string; model: string }) =>
  JSON.stringify([cell.prompt, cell.case, cell.model]);

/**
 * Regressions and fixes of `cells` against the baseline's cells, matched by (prompt, case, model)
 * whatever the versions. Where a baseline holds several versions of one key, the cell of the
 * newest-run column (the last one) stands for it.
 */
export function compareToBaseline(
  cells: readonly EvalCell[],
  baseline: readonly EvalCell[],
): { regressions: CellKey[]; fixes: CellKey[] } {
  const before = new Map<string, EvalCell>();
  for (const cell of baseline) before.set(keyOf(cell), cell);
  const regressions: CellKey[] = [];
  const fixes: CellKey[] = [];
  for (const cell of cells) {
    const old = before.get(keyOf(cell));
    if (!old || old.pass === cell.pass) continue;
    const key: CellKey = {
      prompt: cell.prompt,
      case: cell.case,
      model: cell.model,
      version: cell.version,
    };
    (old.pass ? regressions : fixes).push(key);
  }
  return { regressions, fixes };
}
