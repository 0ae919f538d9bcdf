/** Mean and spread of one metric over the seeds of a variant. */
export interface Stat {
  mean: number;
  /** Sample standard deviation (n - 1); null when fewer than two values. */
  std: number | null;
  n: number;
}

/** Summarise the finite values; null when there are none (e.g. every seed failed). */
export function summarize(values: readonly (number | null | undefined)[]): Stat | null {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return null;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, std: null, n };
  const ss = xs.reduce((a, x) => a + (x - mean) ** 2, 0);
  return { mean, std: Math.sqrt(ss / (n - 1)), n };
}
