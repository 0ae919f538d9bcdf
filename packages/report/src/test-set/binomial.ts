import { logGamma } from '../special-functions.ts';

/** P(X <= k) for X ~ Binomial(n, p), summed in float64 from the log-pmf (exact enough for any n a test set has). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  const lnNFact = logGamma(n + 1);
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    sum += Math.exp(lnNFact - logGamma(i + 1) - logGamma(n - i + 1) + i * Math.log(p) + (n - i) * Math.log1p(-p));
  }
  return Math.min(1, sum);
}
