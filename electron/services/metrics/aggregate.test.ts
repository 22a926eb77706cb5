import { describe, expect, it } from 'vitest';
import { aggregate, nearestRank } from './aggregate';

const oneTo = (n: number) => Array.from({ length: n }, (_, index) => index + 1);

describe('nearestRank', () => {
  it('gives the hand-checked percentiles of 1..100', () => {
    const values = oneTo(100);
    expect(nearestRank(values, 50)).toBe(50);
    expect(nearestRank(values, 95)).toBe(95);
    expect(nearestRank(values, 99)).toBe(99);
    expect(nearestRank(values, 100)).toBe(100);
  });

  it('rounds the rank up on small sets', () => {
    expect(nearestRank([10, 20], 50)).toBe(10);
    expect(nearestRank([10, 20, 30], 50)).toBe(20);
    expect(nearestRank([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 95)).toBe(100);
    expect(nearestRank([7], 99)).toBe(7);
  });

  it('is 0 with no values', () => {
    expect(nearestRank([], 50)).toBe(0);
  });
});

describe('aggregate', () => {
  it('counts all events but takes latency from successes only', () => {
    const samples = [
      ...oneTo(100).map((duration_us) => ({ ok: true, duration_us })),
      { ok: false, duration_us: 1_000_000 },
      { ok: false, duration_us: 5 },
    ];
    expect(aggregate(samples.reverse())).toEqual({
      count: 102,
      errors: 2,
      error_rate: 2 / 102,
      p50_us: 50,
      p95_us: 95,
      p99_us: 99,
      avg_us: 50.5,
    });
  });

  it('is all zeros for no events', () => {
    expect(aggregate([])).toEqual({
      count: 0,
      errors: 0,
      error_rate: 0,
      p50_us: 0,
      p95_us: 0,
      p99_us: 0,
      avg_us: 0,
    });
  });

  it('reports only errors as a full error rate with zero latency', () => {
    expect(aggregate([{ ok: false, duration_us: 9 }])).toMatchObject({ error_rate: 1, p50_us: 0 });
  });
});
