// The evaluation matrix as data: rows are cases, columns version × model, each cell with how it
// stands against the baseline, and totals per column (pass rate, cost, latency p50/p95).
import { compareToBaseline } from '../../../src-shared/evaluation/runs';
import type { EvalCell } from '../../../src-shared/evaluation/runs';

/** One column: a version (null: unsaved changes) with a model. */
export interface MatrixColumn {
  key: string;
  version: string | null;
  model: string;
}

/** How a cell stands against the same (case, model) in the baseline run. */
export type Change = 'regression' | 'fix' | null;

/** Totals of one column. */
export interface ColumnTotals {
  done: number;
  passed: number;
  /** Share of done cells that passed (null before any is done). */
  passRate: number | null;
  /** Sum over cells with a known cost (null when none has one). */
  costUsd: number | null;
  p50: number | null;
  p95: number | null;
}

/** The matrix to draw. */
export interface Matrix {
  rows: string[];
  columns: MatrixColumn[];
  /** The cell at (case, column key), when it has arrived. */
  cell(caseName: string, column: string): EvalCell | undefined;
  change(caseName: string, column: string): Change;
  totals: Map<string, ColumnTotals>;
  regressions: EvalCell[];
  fixes: EvalCell[];
}

/** The key of a column: `1.0.0 · openai:gpt-4o-mini`, `unsaved · …`. */
export function columnKey(version: string | null, model: string): string {
  return `${version ?? 'unsaved'} · ${model}`;
}

const cellKey = (caseName: string, column: string) => JSON.stringify([caseName, column]);

/** The value at quantile `q` (nearest rank) of sorted numbers. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

function totalsOf(cells: readonly EvalCell[]): ColumnTotals {
  const passed = cells.filter((cell) => cell.pass).length;
  const costs = cells.flatMap((cell) => (cell.cost_usd === null ? [] : [cell.cost_usd]));
  const latencies = cells
    .flatMap((cell) => (cell.latency_ms === null ? [] : [cell.latency_ms]))
    .sort((a, b) => a - b);
  return {
    done: cells.length,
    passed,
    passRate: cells.length === 0 ? null : passed / cells.length,
    costUsd: costs.length === 0 ? null : costs.reduce((sum, cost) => sum + cost, 0),
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
  };
}

/**
 * Builds the matrix from the cells that arrived. `rows` and `columns` give the planned order
 * (cells outside them are added after, in the order they came); `baseline` the baseline run's
 * cells, compared by (prompt, case, model) whatever the version.
 */
export function buildMatrix(
  cells: readonly EvalCell[],
  planned: { rows: readonly string[]; columns: readonly MatrixColumn[] },
  baseline: readonly EvalCell[] | null,
): Matrix {
  const rows = [...planned.rows];
  const columns = [...planned.columns];
  const seenRows = new Set(rows);
  const seenColumns = new Set(columns.map((column) => column.key));
  const byKey = new Map<string, EvalCell>();
  const byColumn = new Map<string, EvalCell[]>();
  for (const cell of cells) {
    const key = columnKey(cell.version, cell.model);
    if (!seenColumns.has(key)) {
      seenColumns.add(key);
      columns.push({ key, version: cell.version, model: cell.model });
    }
    if (!seenRows.has(cell.case)) {
      seenRows.add(cell.case);
      rows.push(cell.case);
    }
    byKey.set(cellKey(cell.case, key), cell);
    byColumn.set(key, [...(byColumn.get(key) ?? []), cell]);
  }
  const changes = new Map<string, Change>();
  const regressions: EvalCell[] = [];
  const fixes: EvalCell[] = [];
  if (baseline) {
    const compared = compareToBaseline(cells, baseline);
    const mark = (list: typeof compared.regressions, change: Change, into: EvalCell[]) => {
      for (const key of list) {
        const at = cellKey(key.case, columnKey(key.version, key.model));
        changes.set(at, change);
        const cell = byKey.get(at);
        if (cell) into.push(cell);
      }
    };
    mark(compared.regressions, 'regression', regressions);
    mark(compared.fixes, 'fix', fixes);
  }
  const totals = new Map<string, ColumnTotals>();
  for (const column of columns) totals.set(column.key, totalsOf(byColumn.get(column.key) ?? []));
  return {
    rows,
    columns,
    cell: (caseName, column) => byKey.get(cellKey(caseName, column)),
    change: (caseName, column) => changes.get(cellKey(caseName, column)) ?? null,
    totals,
    regressions,
    fixes,
  };
}

/** The baseline's cell for the same prompt, case and model (the last such cell, as compared). */
export function baselineCellOf(
  cell: EvalCell,
  baseline: readonly EvalCell[] | null,
): EvalCell | undefined {
  if (!baseline) return undefined;
  return baseline.findLast(
    (old) => old.prompt === cell.prompt && old.case === cell.case && old.model === cell.model,
  );
}
