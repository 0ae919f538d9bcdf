import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, normalQuantile, normalTwoSidedP, zCritical } from './normal.ts';

/** |actual - expected| <= rel * |expected|. */
function expectRelClose(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describe('erfc', () => {
  // scipy 1.17: scipy.special.erfc(x), printed with repr.
  const SCIPY: [number, number][] = [
    [0, 1],
    [0.1, 0.8875370839817152],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028516],
    [1.5, 0.03389485352468927],
    [1.9, 0.007209570764742531],
    [1.99, 0.004888586800383002],
    [2, 0.004677734981047266],
    [2.5, 0.00040695201744495886],
    [3, 2.2090496998585445e-5],
    [5, 1.5374597944280347e-12],
    [10, 2.0884875837625446e-45],
    [20, 5.395865611607901e-176],
    [26, 5.663192408856145e-296],
    [-1, 1.8427007929497148],
    [-3, 1.9999779095030015],
  ];
  it.each(SCIPY)('erfc(%f) matches scipy to 1e-14 relative', (x, ref) => {
    expectRelClose(erfc(x), ref, 1e-14);
  });

  it('keeps relative precision deep in the tail and saturates beyond it', () => {
    // erfc(30) ~ 2.6e-393 underflows float64.
    expect(erfc(30)).toBe(0);
    expect(erfc(-30)).toBe(2);
    expect(erfc(Infinity)).toBe(0);
    expect(erfc(-Infinity)).toBe(2);
    expect(erfc(Number.NaN)).toBeNaN();
  });

  it('is continuous where it switches from the series to the continued fraction', () => {
    // scipy 1.17: scipy.special.erfc(1) = 0.15729920705028516 (both sides of the switch at 1).
    expectRelClose(erfc(1 - 1e-12), 0.15729920705028516, 1e-11);
    expectRelClose(erfc(1 + 1e-12), 0.15729920705028516, 1e-11);
  });
});

describe('normalCdf and normalTwoSidedP', () => {
  it('match scipy.stats.norm', () => {
    // scipy 1.17: scipy.stats.norm.cdf(z)
    expectRelClose(normalCdf(-1.96), 0.024997895148220435, 1e-14);
    expectRelClose(normalCdf(-5), 2.866515718791933e-7, 1e-14);
    // Deep in the tail exp(-z²/2) inherits the rounding of z / √2 (z² ≈ 50 here: ~1e-14 relative).
    expectRelClose(normalCdf(-10), 7.61985302416047e-24, 5e-14);
    expectRelClose(normalCdf(-37), 5.7255712225239266e-300, 5e-13);
    expectRelClose(normalCdf(1.2345), 0.8914916766373298, 1e-15);
    expect(normalCdf(0)).toBe(0.5);
    // scipy 1.17: 2 * scipy.stats.norm.sf(z)
    expectRelClose(normalTwoSidedP(1.96), 0.04999579029644087, 1e-14);
    expectRelClose(normalTwoSidedP(-2.5758), 0.01000084747555736, 1e-14);
    expectRelClose(normalTwoSidedP(6), 1.973175290075389e-9, 1e-14);
    expectRelClose(normalTwoSidedP(10), 1.523970604832094e-23, 5e-14);
    expect(normalTwoSidedP(0)).toBe(1);
    expect(normalTwoSidedP(Infinity)).toBe(0);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalTwoSidedP(Number.NaN)).toBeNaN();
  });

  it('is symmetric: Φ(z) + Φ(-z) = 1', () => {
    for (const z of [0.01, 0.3, 1, 1.4142, 2, 2.9, 4, 7.5]) {
      expect(normalCdf(z) + normalCdf(-z)).toBeCloseTo(1, 15);
      expect(normalTwoSidedP(z)).toBeCloseTo(2 * normalCdf(-z), 15);
    }
  });
});

describe('normalQuantile', () => {
  // scipy 1.17: scipy.stats.norm.ppf(p)
  const SCIPY: [number, number][] = [
    [0.975, 1.959963984540054],
    [0.995, 2.5758293035489004],
    [0.95, 1.6448536269514722],
    [0.3, -0.5244005127080409],
    [0.02425, -1.972961051311885], // the edge of Acklam's lower region
    [0.01, -2.3263478740408408],
    [1e-10, -6.361340902404056],
    [1 - 1e-10, 6.361340889697422], // 1 - 1e-10 rounds to 0.99999999990000000827 in float64
    [1e-300, -37.0470962993612],
  ];
  it.each(SCIPY)('Φ⁻¹(%f) matches scipy to 1e-14 relative', (p, ref) => {
    expectRelClose(normalQuantile(p), ref, 1e-14);
  });

  it('is 0 at one half, infinite at the ends, antisymmetric, and inverts the CDF', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    for (const p of [0.001, 0.02, 0.1, 0.25, 0.4]) {
      expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 13);
      expectRelClose(normalCdf(normalQuantile(p)), p, 1e-14);
    }
  });

  it('rejects p outside [0, 1]', () => {
    expect(() => normalQuantile(-0.1)).toThrow(RangeError);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
    expect(() => normalQuantile(Number.NaN)).toThrow(RangeError);
  });
});

describe('zCritical', () => {
  it('gives the two-sided critical values', () => {
    // scipy 1.17: scipy.stats.norm.ppf((1 + level) / 2)
    expectRelClose(zCritical(0.95), 1.959963984540054, 1e-15);
    expectRelClose(zCritical(0.99), 2.5758293035489004, 1e-14);
    expectRelClose(zCritical(0.9), 1.6448536269514722, 1e-14);
  });
});
