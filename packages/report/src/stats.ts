import { studentTQuantile } from './t-distribution.ts';

/** Mean and spread of one metric over the seeds of a variant. */
export interface Stat {
  mean: number;
  /** Sample standard deviation (n - 1); null when fewer than two values. */
  std: number | null;
  n: number;
}

/** Keep the finite numbers: a failed seed or an unmeasured metric arrives as null/NaN. */
export function finiteValues(values: readonly (number | null | undefined)[]): number[] {
  return values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/** Arithmetic mean; NaN for an empty list (callers decide what "no value" means). */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** Sample standard deviation (divisor n - 1); null below two values, where it is undefined. */
export function sampleStd(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  return Math.sqrt(ss / (xs.length - 1));
}

/** Summarise the finite values; null when there are none (e.g. every seed failed). */
export function summarize(values: readonly (number | null | undefined)[]): Stat | null {
  const xs = finiteValues(values);
  if (xs.length === 0) return null;
  return { mean: mean(xs), std: sampleStd(xs), n: xs.length };
}

/**
 * Two-sided Student-t confidence interval for the mean: mean ± t_{(1+level)/2, n-1} · s/√n.
 * Null for a single value: one seed says nothing about seed-to-seed spread.
 */
export function tInterval(stat: Stat | null, level = 0.95): [number, number] | null {
  if (!stat || stat.std === null || stat.n < 2) return null;
  const half = studentTQuantile((1 + level) / 2, stat.n - 1) * stat.std / Math.sqrt(stat.n);
  return [stat.mean - half, stat.mean + half];
}
