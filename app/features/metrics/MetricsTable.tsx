// The per-prompt, per-version table of the dashboard, sortable by any column.
import { formatCount, formatMicros, formatRate } from './formatDuration';
import { METRICS_COLUMNS, sortRows } from './metricsTable';
import type { MetricsColumn, MetricsRow, MetricsSort } from './metricsTable';

/** Props of the metrics table. */
export interface MetricsTableProps {
  rows: readonly MetricsRow[];
  sort: MetricsSort;
  onSort: (column: MetricsColumn) => void;
}

function cell(row: MetricsRow, column: MetricsColumn): string {
  switch (column) {
    case 'prompt_id':
      return row.prompt_id ?? '(unsaved prompt)';
    case 'version':
      return row.version ?? '—';
    case 'count':
    case 'errors':
      return formatCount(row[column]);
    case 'error_rate':
      return formatRate(row.error_rate);
    default:
      // Latency is measured on successful events only: none succeeded, nothing to show.
      return row.count === row.errors ? '—' : formatMicros(row[column]);
  }
}

/** A table of aggregates; column headers are buttons that sort (aria-sort on the header). */
export function MetricsTable({ rows, sort, onSort }: MetricsTableProps) {
  const sorted = sortRows(rows, sort);
  return (
    <table className="data-table data-table--numeric" aria-label="Metrics by prompt">
      <thead>
        <tr>
          {METRICS_COLUMNS.map((column) => (
            <th
              key={column.key}
              scope="col"
              aria-sort={sort.column === column.key ? sort.direction : 'none'}
              className={`data-table__sortable data-table__col--${column.key}`}
            >
              <button type="button" onClick={() => onSort(column.key)}>
                {column.label}
                <span className="data-table__sort-mark" aria-hidden="true">
                  {sort.column === column.key ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}
                </span>
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {sorted.map((row) => (
          <tr key={`${row.prompt_id ?? ''}@${row.version ?? ''}`}>
            {METRICS_COLUMNS.map((column) =>
              column.key === 'prompt_id' ? (
                <th key={column.key} scope="row" className="data-table__key">
                  {cell(row, column.key)}
                </th>
              ) : (
                <td
                  key={column.key}
                  className={
                    column.key === 'errors' && row.errors > 0 ? 'data-table__bad' : undefined
                  }
                >
                  {cell(row, column.key)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
