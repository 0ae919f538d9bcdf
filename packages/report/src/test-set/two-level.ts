import { percentile } from '../bootstrap.ts';
import { Rng } from '@mambabench/random';

/**
 * The two-level bootstrap for a variant trained with several seeds and scored on one test set:
 * each replicate draws an image resample (shared by every variant, so comparisons stay paired
 * over images) and, independently per variant, its seeds with replacement, and averages the
 * drawn seeds' metric on those images. Its spread carries both sources of uncertainty; with one
 * seed it is the image bootstrap alone.
 *
 * perSeed[s][b]: the metric of seed s on image resample b (from imageBootstrap).
 */
export function twoLevelDraws(perSeed: readonly Float64Array[], seed: number): Float64Array {
  const k = perSeed.length;
  const resamples = perSeed[0]!.length;
  const rng = new Rng(seed);
  const out = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (let d = 0; d < k; d++) sum += perSeed[rng.intBelow(k)]![b]!;
    out[b] = sum / k;
  }
  return out;
}

/** Percentile interval and two-sided bootstrap p-value ("is 0 inside?") of a difference's replicates. */
export interface BootstrapDifference {
  ci: [number, number];
  /** 2 × the smaller share of replicates on either side of 0 (capped at 1); 1 when every replicate is 0. */
  p: number;
}

export function bootstrapDifference(a: Float64Array, b: Float64Array, level = 0.95): BootstrapDifference | null {
  const d = new Float64Array(a.length);
  let below = 0;
  let above = 0;
  let valid = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]! - b[i]!;
    if (Number.isNaN(x)) continue;
    d[valid++] = x;
    if (x <= 0) below++;
    if (x >= 0) above++;
  }
  if (valid === 0) return null;
  const sorted = d.subarray(0, valid).sort();
  const p = Math.min(1, (2 * Math.min(below, above)) / valid);
  return { ci: [percentile(sorted, (1 - level) / 2), percentile(sorted, (1 + level) / 2)], p };
}

/** Percentile interval of one variant's replicates (NaN replicates dropped). */
export function percentileInterval(xs: Float64Array, level = 0.95): [number, number] | null {
  const kept = Float64Array.from(xs).filter((x) => !Number.isNaN(x)).sort();
  if (kept.length === 0) return null;
  return [percentile(kept, (1 - level) / 2), percentile(kept, (1 + level) / 2)];
}

/**
 * Which source of uncertainty dominates a variant's mean: the standard deviation of the mean
 * from seeds alone (images fixed: the seeds' spread / sqrt(k), as a seed bootstrap gives) and
 * from images alone (seeds fixed: the image bootstrap of the seeds' mean).
 */
export function uncertaintySources(full: readonly number[], perSeed: readonly Float64Array[]): { seedSd: number; imageSd: number } {
  const k = full.length;
  const m = full.reduce((s, x) => s + x, 0) / k;
  const seedSd = Math.sqrt(full.reduce((s, x) => s + (x - m) ** 2, 0) / k / k);
  const resamples = perSeed[0]!.length;
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (const s of perSeed) sum += s[b]!;
    means[b] = sum / k;
  }
  const bm = means.reduce((s, x) => s + x, 0) / resamples;
  const imageSd = Math.sqrt(means.reduce((s, x) => s + (x - bm) ** 2, 0) / (resamples - 1));
  return { seedSd, imageSd };
}
