/** Small statistics for benchmark samples: medians over rounds, percentiles over many timings. */

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0–100); NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  if (p <= 0) return sorted[0]!;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Spread of the rounds as (max − min) / median, to show how noisy a figure was. */
export function spread(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = median(values);
  return m === 0 ? 0 : (Math.max(...values) - Math.min(...values)) / m;
}

export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Milliseconds with a sensible unit: µs below 1 ms. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 1) return `${formatNumber(ms * 1000, ms < 0.01 ? 2 : 1)} µs`;
  if (ms < 10) return `${formatNumber(ms, 2)} ms`;
  if (ms < 1000) return `${formatNumber(ms, 1)} ms`;
  return `${formatNumber(ms / 1000, 2)} s`;
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'n/a';
  if (ratio >= 100) return `${formatNumber(ratio, 0)}×`;
  return `${formatNumber(ratio, 2)}×`;
}
