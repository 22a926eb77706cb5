// Latency and error aggregates over metric events: counts, error rate, nearest-rank percentiles.
import type { Aggregate } from '../../../src-shared/contract/dto';

/** The fields of an event that aggregates read. */
export interface Sample {
  ok: boolean;
  duration_us: number;
}

/**
 * Nearest-rank percentile of ascending `sorted` values: the value at 1-based rank
 * ceil(p/100 · n), so p50 of 1..100 is 50 and p99 is 99. 0 for no values.
 */
export function nearestRank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? 0;
}

/**
 * Aggregates samples. Percentiles and the average are over SUCCESSFUL events only (a failure's
 * duration says little about latency, as in the seed); count and errors cover all events.
 */
export function aggregate(samples: readonly Sample[]): Aggregate {
  const durations: number[] = [];
  let errors = 0;
  for (const sample of samples) {
    if (sample.ok) durations.push(sample.duration_us);
    else errors += 1;
  }
  durations.sort((a, b) => a - b);
  const total = durations.reduce((sum, value) => sum + value, 0);
  return {
    count: samples.length,
    errors,
    error_rate: samples.length === 0 ? 0 : errors / samples.length,
    p50_us: nearestRank(durations, 50),
    p95_us: nearestRank(durations, 95),
    p99_us: nearestRank(durations, 99),
    avg_us: durations.length === 0 ? 0 : total / durations.length,
  };
}
