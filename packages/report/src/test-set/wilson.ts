import { zCritical } from './normal.ts';

/**
 * Wilson score interval for a binomial proportion k / n: the proportions p whose score test
 * does not reject at the given level. Unlike the Wald interval it stays inside [0, 1] and keeps
 * close to its nominal coverage near 0 % and 100 %, where accuracies of good models sit.
 * Null when n is 0.
 */
export function wilsonInterval(k: number, n: number, level = 0.95): [number, number] | null {
  if (!(Number.isInteger(k) && Number.isInteger(n) && k >= 0 && k <= n)) throw new RangeError(`Wilson interval needs integers 0 <= k <= n (got k = ${k}, n = ${n})`);
  if (n === 0) return null;
  const z = zCritical(level);
  const p = k / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  // At k = 0 or k = n one end is exactly 0 or 1; rounding must not move it.
  return [k === 0 ? 0 : Math.max(0, centre - half), k === n ? 1 : Math.min(1, centre + half)];
}
