import { mean, sampleStd } from './stats.ts';
import { studentTQuantile, studentTTwoSidedP } from './t-distribution.ts';

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
 * Null below two pairs: no variance estimate. If every difference is identical the spread is
 * zero: the interval is that single value and p is 0 (or 1 when the difference is 0).
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
  if (se === 0) return { diff, ci: [diff, diff], p: diff === 0 ? 1 : 0, t: diff === 0 ? 0 : Math.sign(diff) * Infinity, df, n };
  const t = diff / se;
  const half = studentTQuantile((1 + level) / 2, df) * se;
  return { diff, ci: [diff - half, diff + half], p: studentTTwoSidedP(t, df), t, df, n };
}

/**
 * Welch's unequal-variance t-test for independent samples (seed sets differ, so runs cannot be
 * paired). Degrees of freedom by Welch–Satterthwaite, usually fractional. Null unless both
 * samples have at least two values.
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
  if (se === 0) return { diff, ci: [diff, diff], p: diff === 0 ? 1 : 0, t: diff === 0 ? 0 : Math.sign(diff) * Infinity, df: n - 2, n };
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const t = diff / se;
  const half = studentTQuantile((1 + level) / 2, df) * se;
  return { diff, ci: [diff - half, diff + half], p: studentTTwoSidedP(t, df), t, df, n };
}
