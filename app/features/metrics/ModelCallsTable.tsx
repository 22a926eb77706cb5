// The "Model calls" view's table: calls by prompt, version and model, with latency and time to
// first token percentiles, tokens, cost, cached answers and errors.
import type { ModelCallRow } from '../../../src-shared/models/modelCalls';
import { formatCost } from '../run/formatCost';
import { formatCount, formatMicros, formatRate } from './formatDuration';

const ms = (value: number | null): string => (value === null ? '—' : formatMicros(value * 1000));

const COLUMNS: readonly { label: string; value: (row: ModelCallRow) => string }[] = [
  { label: 'Version', value: (row) => row.version ?? 'unsaved changes' },
  { label: 'Model', value: (row) => row.model },
  { label: 'Calls', value: (row) => formatCount(row.calls) },
  { label: 'Cached', value: (row) => formatCount(row.cached) },
  { label: 'Error rate', value: (row) => formatRate(row.error_rate) },
  { label: 'Latency p50', value: (row) => ms(row.latency_p50_ms) },
  { label: 'Latency p95', value: (row) => ms(row.latency_p95_ms) },
  { label: 'TTFT p50', value: (row) => ms(row.ttft_p50_ms) },
  { label: 'TTFT p95', value: (row) => ms(row.ttft_p95_ms) },
  { label: 'Input tokens', value: (row) => formatCount(row.input_tokens) },
  { label: 'Output tokens', value: (row) => formatCount(row.output_tokens) },
  { label: 'Cost', value: (row) => formatCost(row.cost_usd) },
];

/** Model calls, one row per prompt, version and model. */
export function ModelCallsTable({ rows }: { rows: readonly ModelCallRow[] }) {
  return (
    <table className="data-table data-table--numeric" aria-label="Model calls by prompt">
      <thead>
        <tr>
          <th scope="col">Prompt</th>
          {COLUMNS.map((column) => (
            <th key={column.label} scope="col">
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.prompt_id ?? ''}@${row.version ?? ''}@${row.model}`}>
            <th scope="row" className="data-table__key">
              {row.prompt_id ?? '(unsaved prompt)'}
            </th>
            {COLUMNS.map((column) => (
              <td
                key={column.label}
                className={
                  column.label === 'Error rate' && row.errors > 0 ? 'data-table__bad' : undefined
                }
              >
                {column.value(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
