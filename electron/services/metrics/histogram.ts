// Latency histograms on a log scale: the shape of the pre-aggregated metric rollups.

/** Each bin is 2 % wider than the one before, so a bin's middle is within 1 % of its values. */
export const BIN_GROWTH = 1.02;
/** The bin of failed events (their latency is not part of the percentiles). */
export const ERROR_BIN = -1;
const LOG_GROWTH = Math.log(BIN_GROWTH);

/**
 * The bin of a latency in µs: floor(ln(max(d, 1)) / ln(1.02)). The same expression in SQL
 * (`BIN_SQL`) bins raw events for the edges of a range.
 */
export function binOf(durationUs: number): number {
  return Math.floor(Math.log(Math.max(durationUs, 1)) / LOG_GROWTH);
}

/** `binOf` as a SQL expression over a column of µs. */
export const BIN_SQL = (column: string): string =>
  `CAST(floor(ln(max(${column}, 1)) / ln(${BIN_GROWTH})) AS INTEGER)`;

/**
 * The value a bin stands for: 2·g^(b+1)/(1+g), the point whose largest relative error over the
 * bin [g^b, g^(b+1)) is smallest, (g−1)/(g+1) < 1 % (latencies under 1 µs share bin 0).
 */
export function binValue(bin: number): number {
  return (2 * BIN_GROWTH ** (bin + 1)) / (1 + BIN_GROWTH);
}

/** One bin and how many events fell in it. */
export interface BinCount {
  bin: number;
  count: number;
}

/**
 * Nearest-rank percentiles (rank ceil(p/100 · n)) of a histogram's successful events, as bin
 * values. `bins` need not be sorted; the error bin is ignored. 0 for no events.
 */
export function binPercentiles(bins: readonly BinCount[], ps: readonly number[]): number[] {
  const sorted = bins.filter((entry) => entry.bin !== ERROR_BIN).sort((a, b) => a.bin - b.bin);
  const total = sorted.reduce((sum, entry) => sum + entry.count, 0);
  return ps.map((p) => {
    if (total === 0) return 0;
    const rank = Math.max(1, Math.ceil((p * total) / 100));
    let seen = 0;
    for (const entry of sorted) {
      seen += entry.count;
      if (seen >= rank) return binValue(entry.bin);
    }
    return binValue(sorted.at(-1)?.bin ?? 0);
  });
}
