// The per-prompt table of the dashboard: its columns and how rows sort.
import type { MetricsSummary } from '../../../src-shared/contract/dto';

/** One row: a prompt at one version. */
export type MetricsRow = MetricsSummary['by_prompt'][number];

/** Sortable columns, in display order. */
export const METRICS_COLUMNS = [
  { key: 'prompt_id', label: 'Prompt' },
  { key: 'version', label: 'Version' },
  { key: 'count', label: 'Count' },
  { key: 'errors', label: 'Errors' },
  { key: 'error_rate', label: 'Error rate' },
  { key: 'p50_us', label: 'p50' },
  { key: 'p95_us', label: 'p95' },
  { key: 'p99_us', label: 'p99' },
] as const;

/** A column key. */
export type MetricsColumn = (typeof METRICS_COLUMNS)[number]['key'];

/** The sort of the table. */
export interface MetricsSort {
  column: MetricsColumn;
  direction: 'ascending' | 'descending';
}

/** The table opens with the busiest prompts first. */
export const DEFAULT_SORT: MetricsSort = { column: 'count', direction: 'descending' };

/** Text columns start ascending when first clicked, numbers descending (biggest first). */
export function nextSort(current: MetricsSort, column: MetricsColumn): MetricsSort {
  if (current.column === column) {
    return {
      column,
      direction: current.direction === 'ascending' ? 'descending' : 'ascending',
    };
  }
  const textual = column === 'prompt_id' || column === 'version';
  return { column, direction: textual ? 'ascending' : 'descending' };
}

function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const diff = (left[index] ?? 0) - (right[index] ?? 0);
    if (diff !== 0 && !Number.isNaN(diff)) return diff;
  }
  return a.localeCompare(b);
}

function compareBy(column: MetricsColumn, a: MetricsRow, b: MetricsRow): number {
  if (column === 'prompt_id') return (a.prompt_id ?? '').localeCompare(b.prompt_id ?? '');
  if (column === 'version') return compareVersions(a.version ?? '', b.version ?? '');
  return a[column] - b[column];
}

/**
 * Rows in the chosen order; ties fall back to prompt id then version so the order is stable
 * between refreshes.
 */
export function sortRows(rows: readonly MetricsRow[], sort: MetricsSort): MetricsRow[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...rows].sort(
    (a, b) =>
      sign * compareBy(sort.column, a, b) ||
      compareBy('prompt_id', a, b) ||
      compareBy('version', a, b),
  );
}
