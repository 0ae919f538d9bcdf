import { Rng } from '@mambabench/random';

export interface BootstrapOptions {
  /** Resamples drawn (default 10 000). */
  resamples?: number;
  /** Coverage of the interval (default 0.95). */
  level?: number;
  /** PRNG seed, fixed by default so reports are reproducible. */
  seed?: number;
}

const DEFAULT_SEED = 20_240_601;

function resampleMean(xs: readonly number[], rng: Rng): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[rng.intBelow(xs.length)]!;
  return sum / xs.length;
}

/** Percentile of sorted values with linear interpolation between order statistics. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

// Float64Array: its sort is numeric and much faster than Array#sort with a comparator, which
// matters when a sweep of hundreds of variants bootstraps every comparison on each rewrite.
function percentileInterval(stats: Float64Array, level: number): [number, number] {
  stats.sort();
  return [percentile(stats, (1 - level) / 2), percentile(stats, (1 + level) / 2)];
}

/**
 * Percentile-bootstrap interval for a mean (use it on paired differences). It makes no
 * normality assumption, but with a handful of seeds it is too narrow: a resample can only
 * recombine the values seen. Null below two values.
 */
export function bootstrapMeanCi(xs: readonly number[], options: BootstrapOptions = {}): [number, number] | null {
  if (xs.length < 2) return null;
  const { resamples = 10_000, level = 0.95, seed = DEFAULT_SEED } = options;
  const rng = new Rng(seed);
  const stats = new Float64Array(resamples);
  for (let i = 0; i < resamples; i++) stats[i] = resampleMean(xs, rng);
  return percentileInterval(stats, level);
}

/**
 * Percentile-bootstrap interval for mean(a) - mean(b) with a and b resampled independently
 * (unpaired samples). Null unless both have at least two values.
 */
export function bootstrapDiffCi(a: readonly number[], b: readonly number[], options: BootstrapOptions = {}): [number, number] | null {
  if (a.length < 2 || b.length < 2) return null;
  const { resamples = 10_000, level = 0.95, seed = DEFAULT_SEED } = options;
  const rng = new Rng(seed);
  const stats = new Float64Array(resamples);
  for (let i = 0; i < resamples; i++) stats[i] = resampleMean(a, rng) - resampleMean(b, rng);
  return percentileInterval(stats, level);
}
