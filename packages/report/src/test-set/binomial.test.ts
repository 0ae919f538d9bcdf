import { describe, expect, it } from 'vitest';
import { binomialCdf } from './binomial.ts';

describe('binomialCdf', () => {
  // scipy 1.17: scipy.stats.binom.cdf(k, n, p)
  const SCIPY: [number, number, number, number][] = [
    [3, 10, 0.3, 0.6496107184000002],
    [0, 10, 0.5, 0.0009765625],
    [12, 40, 0.25, 0.8208657576539586],
    [200, 460, 0.5, 0.0029419612365519992],
    [5, 1000, 0.01, 0.0661395116072514],
    [99, 100, 0.9, 0.9999734386011124],
    [50, 200, 0.3, 0.06954527985344405],
  ];
  it.each(SCIPY)('P(X <= %i), n = %i, p = %f matches scipy', (k, n, p, ref) => {
    expect(Math.abs(binomialCdf(k, n, p) - ref)).toBeLessThanOrEqual(1e-12 * ref);
  });

  it('equals a plain float64 sum of the pmf for a small case', () => {
    // P(X <= 2), X ~ Binomial(5, 0.4): (0.6^5 + 5 * 0.4 * 0.6^4 + 10 * 0.4^2 * 0.6^3)
    expect(binomialCdf(2, 5, 0.4)).toBeCloseTo(0.6 ** 5 + 5 * 0.4 * 0.6 ** 4 + 10 * 0.4 ** 2 * 0.6 ** 3, 14);
  });

  it('handles the edges', () => {
    expect(binomialCdf(-1, 10, 0.5)).toBe(0);
    expect(binomialCdf(10, 10, 0.5)).toBe(1);
    expect(binomialCdf(12, 10, 0.5)).toBe(1);
    expect(binomialCdf(0, 10, 0)).toBe(1);
    expect(binomialCdf(9, 10, 1)).toBe(0);
    expect(binomialCdf(0, 0, 0.5)).toBe(1);
  });
});
