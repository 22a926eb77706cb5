// Costs as people read them: dollars, with enough digits for the tiny cost of one call.

/** Dollars with enough digits for tiny calls ("$0.000012"), or "unknown price". */
export function formatCost(cost: number | null): string {
  if (cost === null) return 'unknown price';
  if (cost === 0) return '$0';
  return cost >= 0.01 ? `$${cost.toFixed(4)}` : `$${Number(cost.toPrecision(3))}`;
}
