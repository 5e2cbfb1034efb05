/** Percentiles and timing helpers shared by every benchmark. */

export interface Distribution {
  n: number;
  median: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of sorted values (q in 0..1). */
function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export function distribution(samples: number[]): Distribution {
  const sorted = Float64Array.from(samples).sort();
  const values = Array.from(sorted);
  const sum = values.reduce((a, b) => a + b, 0);
  return {
    n: values.length,
    median: percentile(values, 0.5),
    p95: percentile(values, 0.95),
    p99: percentile(values, 0.99),
    min: values[0] ?? Number.NaN,
    max: values[values.length - 1] ?? Number.NaN,
    mean: values.length > 0 ? sum / values.length : Number.NaN,
  };
}

export function median(values: number[]): number {
  return distribution(values).median;
}

/** Milliseconds since an arbitrary origin, sub-microsecond resolution. */
export function nowMs(): number {
  return performance.now();
}

/** Rounds for display and JSON: 3 significant decimals for small numbers, integers for big ones. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value)) return value;
  if (Math.abs(value) >= 100) return Math.round(value);
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function ms(value: number): string {
  if (value >= 100) return `${Math.round(value)} ms`;
  if (value >= 1) return `${value.toFixed(2)} ms`;
  return `${(value * 1000).toFixed(0)} µs`;
}

export function perSecond(value: number): string {
  return value >= 100 ? `${Math.round(value).toLocaleString('en-US')}/s` : `${value.toFixed(1)}/s`;
}

export function bytes(value: number): string {
  if (value >= 1024 * 1024) return `${(value / (1024 * 1024)).toFixed(1)} MiB`;
  if (value >= 1024) return `${(value / 1024).toFixed(1)} KiB`;
  return `${Math.round(value)} B`;
}

/** Rounded copy of a distribution, for results.json. */
export function rounded(d: Distribution): Distribution {
  return {
    n: d.n,
    median: round(d.median),
    p95: round(d.p95),
    p99: round(d.p99),
    min: round(d.min),
    max: round(d.max),
    mean: round(d.mean),
  };
}

/** Runs `round` repeatedly until `budgetMs` is spent (at least `minRounds`), returning each round's result. */
export async function repeatFor<T>(
  budgetMs: number,
  minRounds: number,
  roundFn: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = [];
  const start = nowMs();
  while (results.length < minRounds || nowMs() - start < budgetMs) {
    results.push(await roundFn(results.length));
  }
  return results;
}

export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
