/** The p-th percentile (nearest rank) of some measurements; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** One line of figures in milliseconds, as every benchmark prints them. */
export function summary(values: readonly number[]): string {
  return `p50 ${percentile(values, 50).toFixed(0)}  p95 ${percentile(values, 95).toFixed(0)}  p99 ${percentile(values, 99).toFixed(0)}  max ${Math.max(...values).toFixed(0)} ms  (n=${values.length})`;
}

/** Least-squares slope of y over x (units of y per unit of x); NaN for fewer than two points. */
export function slope(points: ReadonlyArray<readonly [number, number]>): number {
  if (points.length < 2) return NaN;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / points.length;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  const covariance = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const variance = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return variance === 0 ? NaN : covariance / variance;
}
