// Durations as people read them: the service measures in microseconds, the dashboard shows ms.

/**
 * Formats microseconds as milliseconds with as many decimals as the size needs
 * ("0.042 ms", "4.20 ms", "42.0 ms", "420 ms"), and as seconds from one second up ("1.25 s").
 */
export function formatMicros(us: number): string {
  if (!Number.isFinite(us) || us < 0) return '—';
  if (us === 0) return '0 ms';
  const ms = us / 1000;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${ms.toFixed(3)} ms`;
}

/** Formats a 0..1 ratio as a percentage ("0 %", "12.5 %", "100 %"). */
export function formatRate(rate: number): string {
  if (!Number.isFinite(rate)) return '—';
  const percent = rate * 100;
  if (percent === 0 || percent === 100) return `${percent} %`;
  return `${percent < 10 ? percent.toFixed(1) : Math.round(percent)} %`;
}

/** Formats a count with thousands separators. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}
