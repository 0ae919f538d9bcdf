import { mean, sampleStd } from './stats.ts';
import { studentTQuantile, studentTTwoSidedP } from './t-distribution.ts';

/**
 * Whether a spread is only float rounding of the inputs (e.g. 498/531 - 500/531 against
 * 499/531 - 501/531, equal counts whose float differences differ in the last bit).
 */
function noSpread(se: number, values: readonly number[]): boolean {
  const scale = Math.max(...values.map(Math.abs));
  return se <= scale * 1e-12;
}

/** A difference of means (a - b) with its t-based interval and test. */
export interface DifferenceTest {
  /** Mean of a minus mean of b. */
  diff: number;
  ci: [number, number];
  /** Two-sided p-value for "the true difference is 0". */
  p: number;
  t: number;
  df: number;
  n: number;
}

/**
 * Paired t-test on a[i] - b[i] (same seed, same data order, so seed-level luck cancels).
 * Null below two pairs, and null when every difference is identical: the observed spread is
 * then zero, which estimates nothing (accuracies on one fixed test set are counts, so two seeds
 * can differ by exactly the same number of images), and a p of 0 would claim certainty the
 * data do not have.
 */
export function pairedTTest(a: readonly number[], b: readonly number[], level = 0.95): DifferenceTest | null {
  if (a.length !== b.length) throw new RangeError(`paired samples differ in length (${a.length} vs ${b.length})`);
  const d = a.map((x, i) => x - b[i]!);
  const n = d.length;
  const sd = sampleStd(d);
  if (sd === null) return null;
  const diff = mean(d);
  const df = n - 1;
  const se = sd / Math.sqrt(n);
  if (noSpread(se, [...a, ...b])) return null;
  const t = diff / se;
  const half = studentTQuantile((1 + level) / 2, df) * se;
  return { diff, ci: [diff - half, diff + half], p: studentTTwoSidedP(t, df), t, df, n };
}

/**
 * Welch's unequal-variance t-test for independent samples (seed sets differ, so runs cannot be
 * paired). Degrees of freedom by Welch–Satterthwaite, usually fractional. Null unless both
 * samples have at least two values, and null when neither varies (no spread to test against).
 */
export function welchTTest(a: readonly number[], b: readonly number[], level = 0.95): DifferenceTest | null {
  const sa = sampleStd(a);
  const sb = sampleStd(b);
  if (sa === null || sb === null) return null;
  const va = (sa * sa) / a.length;
  const vb = (sb * sb) / b.length;
  const diff = mean(a) - mean(b);
  const se = Math.sqrt(va + vb);
  const n = a.length + b.length;
  if (noSpread(se, [...a, ...b])) return null;
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const t = diff / se;
  const half = studentTQuantile((1 + level) / 2, df) * se;
  return { diff, ci: [diff - half, diff + half], p: studentTTwoSidedP(t, df), t, df, n };
}
