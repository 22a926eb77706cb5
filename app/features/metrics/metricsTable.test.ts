import { describe, expect, it } from 'vitest';
import { DEFAULT_SORT, nextSort, sortRows } from './metricsTable';
import type { MetricsRow } from './metricsTable';

function row(prompt_id: string, version: string, count: number, p95_us = 0): MetricsRow {
  return {
    prompt_id,
    version,
    count,
    errors: 0,
    error_rate: 0,
    p50_us: 0,
    p95_us,
    p99_us: 0,
    avg_us: 0,
  };
}

const rows = [row('b', '1.0.0', 5, 300), row('a', '1.10.0', 5, 100), row('a', '1.2.0', 9, 200)];

describe('metrics table sorting', () => {
  it('opens with the busiest prompt first, ties by id then version', () => {
    expect(sortRows(rows, DEFAULT_SORT).map((r) => `${r.prompt_id}@${r.version}`)).toEqual([
      'a@1.2.0',
      'a@1.10.0',
      'b@1.0.0',
    ]);
  });

  it('sorts versions numerically, not as text', () => {
    const sorted = sortRows(
      rows.filter((r) => r.prompt_id === 'a'),
      { column: 'version', direction: 'ascending' },
    );
    expect(sorted.map((r) => r.version)).toEqual(['1.2.0', '1.10.0']);
  });

  it('sorts by a latency column both ways', () => {
    expect(sortRows(rows, { column: 'p95_us', direction: 'ascending' })[0]?.p95_us).toBe(100);
    expect(sortRows(rows, { column: 'p95_us', direction: 'descending' })[0]?.p95_us).toBe(300);
  });

  it('flips the direction when the same column is clicked again', () => {
    expect(nextSort(DEFAULT_SORT, 'count')).toEqual({ column: 'count', direction: 'ascending' });
  });

  it('starts text columns ascending and numbers descending', () => {
    expect(nextSort(DEFAULT_SORT, 'prompt_id').direction).toBe('ascending');
    expect(nextSort(DEFAULT_SORT, 'p99_us').direction).toBe('descending');
  });

  it('does not change the rows it was given', () => {
    const copy = [...rows];
    sortRows(rows, { column: 'prompt_id', direction: 'descending' });
    expect(rows).toEqual(copy);
  });
});
