import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile, studentTTwoSidedP } from './t-distribution.ts';

describe('studentTQuantile', () => {
  // Two-sided 95% critical values as printed in every t table (3 decimals).
  const TABLE_975: [number, number][] = [
    [1, 12.706], [2, 4.303], [3, 3.182], [4, 2.776], [5, 2.571], [6, 2.447], [7, 2.365],
    [8, 2.306], [9, 2.262], [10, 2.228], [15, 2.131], [20, 2.086], [29, 2.045], [30, 2.042],
    [60, 2.0], [100, 1.984], [1000, 1.962],
  ];
  it.each(TABLE_975)('t(0.975, %i) = %f', (df, t) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
  });

  it('matches other levels and is antisymmetric', () => {
    expect(studentTQuantile(0.95, 10)).toBeCloseTo(1.812461, 6);
    expect(studentTQuantile(0.995, 5)).toBeCloseTo(4.032143, 6);
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.776445, 6);
    expect(studentTQuantile(0.5, 3)).toBe(0);
  });

  it('handles fractional df (Welch)', () => {
    expect(studentTQuantile(0.975, 3.23472)).toBeCloseTo(3.0557, 3); // scipy t.ppf
  });

  it('inverts the CDF', () => {
    for (const df of [1, 2, 3, 7.5, 40]) {
      for (const p of [0.6, 0.9, 0.975, 0.999]) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 10);
    }
  });
});

describe('studentTCdf', () => {
  it('matches closed forms for df 1 and 2', () => {
    // df 1 is the Cauchy distribution: 1/2 + atan(t)/π
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 13);
    expect(studentTCdf(-3, 1)).toBeCloseTo(0.5 + Math.atan(-3) / Math.PI, 13);
    // df 2: 1/2 + t / (2 √(2 + t²))
    expect(studentTCdf(1, 2)).toBeCloseTo(0.5 + 1 / (2 * Math.sqrt(3)), 13);
  });

  it('is 0.5 at 0 and symmetric', () => {
    expect(studentTCdf(0, 5)).toBe(0.5);
    expect(studentTCdf(1.3, 6) + studentTCdf(-1.3, 6)).toBeCloseTo(1, 14);
  });

  it('gives table p-values', () => {
    expect(studentTTwoSidedP(2.776, 4)).toBeCloseTo(0.05, 4);
    expect(studentTTwoSidedP(2.0, 30)).toBeCloseTo(0.054625, 6);
    expect(studentTCdf(-1.5, 7.5)).toBeCloseTo(0.087240, 6);
    expect(studentTTwoSidedP(Infinity, 3)).toBe(0);
  });
});
