// Timing and summary statistics shared by every benchmark: clocks, percentiles, paired rounds.

/** Milliseconds from a monotonic high-resolution clock. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** The p-th percentile (0–100) of `values` by linear interpolation; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low] as number;
  const highValue = sorted[high] as number;
  return lowValue + (highValue - lowValue) * (rank - low);
}

/** The median of `values`. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Median, p95 and extremes of a set of samples. */
export interface Summary {
  n: number;
  median: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
}

/** Summarises samples (latencies or rates). */
export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    median: median(values),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    min: values.length === 0 ? Number.NaN : Math.min(...values),
    max: values.length === 0 ? Number.NaN : Math.max(...values),
  };
}

/** One contender of a throughput comparison; `run` performs one operation. */
export interface Contender {
  name: string;
  run: () => unknown;
}

/** Throughput of every contender (ops/s per round) and paired ratios against the first one. */
export interface Comparison {
  /** ops/s samples per contender, one per round. */
  rates: Record<string, number[]>;
  /** Median ops/s per contender. */
  medians: Record<string, number>;
}

/**
 * Measures synchronous or async operations side by side: each round runs every contender for
 * about `roundMs` in a rotating order, so machine noise (other processes on a 2-core box) lands
 * on all of them alike and per-round ratios stay fair.
 */
export async function compareThroughput(
  contenders: readonly Contender[],
  options: { rounds: number; roundMs: number; warmupMs: number },
): Promise<Comparison> {
  const batchSizes = new Map<string, number>();
  for (const contender of contenders) {
    batchSizes.set(contender.name, await calibrate(contender, options.warmupMs));
  }
  const rates: Record<string, number[]> = {};
  for (const contender of contenders) rates[contender.name] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    const order = rotate(contenders, round);
    for (const contender of order) {
      const batch = batchSizes.get(contender.name) ?? 1;
      const { ops, elapsed } = await runFor(contender.run, batch, options.roundMs);
      rates[contender.name]?.push((ops / elapsed) * 1000);
    }
  }
  const medians: Record<string, number> = {};
  for (const [name, samples] of Object.entries(rates)) medians[name] = median(samples);
  return { rates, medians };
}

/** Median of the per-round ratios a/b (pairs measured in the same round). */
export function pairedRatio(comparison: Comparison, a: string, b: string): number {
  const left = comparison.rates[a] ?? [];
  const right = comparison.rates[b] ?? [];
  const ratios = left.map((value, index) => value / (right[index] ?? Number.NaN));
  return median(ratios);
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** Warms a contender up and returns a batch size of about 1 ms, so the clock is read rarely. */
async function calibrate(contender: Contender, warmupMs: number): Promise<number> {
  const { ops, elapsed } = await runFor(contender.run, 1, warmupMs);
  const perOp = elapsed / Math.max(ops, 1);
  return Math.max(1, Math.round(1 / Math.max(perOp, 1e-6)));
}

/** Runs `op` in batches of `batch` until `durationMs` passed; async ops are awaited one by one. */
async function runFor(
  op: () => unknown,
  batch: number,
  durationMs: number,
): Promise<{ ops: number; elapsed: number }> {
  const start = nowMs();
  let ops = 0;
  let elapsed = 0;
  while (elapsed < durationMs) {
    for (let index = 0; index < batch; index += 1) {
      const result = op();
      if (result instanceof Promise) await result;
    }
    ops += batch;
    elapsed = nowMs() - start;
  }
  return { ops, elapsed };
}
