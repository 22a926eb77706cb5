import { describe, expect, it } from 'vitest';
import { chartColumns } from './chartData';

const MIN = 60_000;
const T0 = Date.UTC(2025, 0, 10, 12, 0, 0);

function bucket(start: number, count: number, errors = 0) {
  return {
    start,
    count,
    errors,
    error_rate: count ? errors / count : 0,
    p50_us: 1000,
    p95_us: 2000,
    p99_us: 3000,
    avg_us: 1500,
  };
}

describe('chartColumns', () => {
  it('has one slot per minute of the range, zero where nothing happened', () => {
    const columns = chartColumns([bucket(T0 + 2 * MIN, 4)], {
      from: T0,
      to: T0 + 4 * MIN,
      bucket: 'minute',
    });
    expect(columns.x).toEqual([0, 1, 2, 3, 4].map((i) => (T0 + i * MIN) / 1000));
    expect(columns.count).toEqual([0, 0, 4, 0, 0]);
  });

  it('leaves gaps in latency and error rate where nothing happened', () => {
    const columns = chartColumns([bucket(T0 + MIN, 4, 1)], {
      from: T0,
      to: T0 + 2 * MIN,
      bucket: 'minute',
    });
    expect(columns.p95).toEqual([null, 2, null]);
    expect(columns.errorRate).toEqual([null, 25, null]);
  });

  it('aligns the first slot to the bucket boundary', () => {
    const columns = chartColumns([], { from: T0 + 30_000, to: T0 + MIN, bucket: 'minute' });
    expect(columns.x[0]).toBe(T0 / 1000);
  });

  it('still shows a bucket the server aligned differently', () => {
    const odd = T0 + 15_000;
    const columns = chartColumns([bucket(odd, 2)], { from: T0, to: T0 + MIN, bucket: 'minute' });
    expect(columns.x).toContain(odd / 1000);
    expect(columns.count.reduce((a, b) => a + b, 0)).toBe(2);
  });
});
