import { describe, expect, it } from 'vitest';
import { pairedTTest, welchTTest } from './t-tests.ts';

describe('pairedTTest', () => {
  it('matches a hand computation', () => {
    // d = (0.02, 0.01, 0.04): mean 0.023333, s = 0.0152753, se = s/√3 = 0.0088192, t = √7
    // df 2: two-sided p = 1 - t/√(t² + 2) = 1 - √7/3; CI = mean ± 4.302653 se
    const r = pairedTTest([0.9, 0.92, 0.94], [0.88, 0.91, 0.9])!;
    expect(r.diff).toBeCloseTo(0.0233333, 6);
    expect(r.t).toBeCloseTo(Math.sqrt(7), 10);
    expect(r.df).toBe(2);
    expect(r.p).toBeCloseTo(1 - Math.sqrt(7) / 3, 10);
    expect(r.ci[0]).toBeCloseTo(0.0233333 - 0.0379460, 5);
    expect(r.ci[1]).toBeCloseTo(0.0233333 + 0.0379460, 5);
  });

  it('needs two pairs and equal lengths', () => {
    expect(pairedTTest([0.9], [0.8])).toBeNull();
    expect(() => pairedTTest([0.9, 0.8], [0.8])).toThrow(RangeError);
  });

  it('declines to test identical differences (zero spread estimates nothing) instead of claiming p = 0', () => {
    // Exactly representable values, so the differences are exactly equal.
    expect(pairedTTest([1.5, 2.5], [1, 2])).toBeNull();
    expect(pairedTTest([0.5, 0.6], [0.5, 0.6])).toBeNull();
    // The DR case that exposed it: two seeds, each 2 of 531 test images behind the best.
    expect(pairedTTest([498 / 531, 499 / 531], [500 / 531, 501 / 531])?.p ?? null).toBeNull();
  });
});

describe('welchTTest', () => {
  it('matches a hand computation (and scipy ttest_ind equal_var=False)', () => {
    // a: mean 2.5, var 5/3; b: mean 4, var 4. se² = 5/12 + 4/3 = 1.75
    // df = 1.75² / ((5/12)²/3 + (4/3)²/2) = 3.234719
    const r = welchTTest([1, 2, 3, 4], [2, 4, 6])!;
    expect(r.diff).toBe(-1.5);
    expect(r.t).toBeCloseTo(-1.5 / Math.sqrt(1.75), 12);
    expect(r.df).toBeCloseTo(3.234719, 6);
    expect(r.p).toBeCloseTo(0.333824, 5);
    expect(r.ci[0]).toBeLessThan(-1.5);
    expect(r.ci[1]).toBeGreaterThan(0);
  });

  it('needs two values on each side', () => {
    expect(welchTTest([1, 2], [3])).toBeNull();
  });
});
