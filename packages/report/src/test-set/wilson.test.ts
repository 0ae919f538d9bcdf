import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson.ts';

describe('wilsonInterval', () => {
  // Newcombe 1998, "Two-sided confidence intervals for the single proportion: comparison of seven
  // methods" (Stat Med 17:857), the paper's example intervals for method 3 (Wilson score, no
  // continuity correction), printed to 4 decimals; the full-precision values are statsmodels 0.15:
  // proportion_confint(k, n, alpha=0.05, method="wilson"), equal to scipy 1.17's
  // binomtest(k, n).proportion_ci(0.95, method="wilson") within 1e-15.
  const NEWCOMBE: [number, number, [number, number], [number, number]][] = [
    [81, 263, [0.2553, 0.3662], [0.2552885198782742, 0.36620957698280004]],
    [15, 148, [0.0624, 0.1605], [0.06238639953073628, 0.16048724172330803]],
    [0, 20, [0, 0.1611], [0, 0.1611251580528194]],
    [1, 29, [0.0061, 0.1718], [0.006113214292762667, 0.17175521879320294]],
  ];
  it.each(NEWCOMBE)('%i / %i reproduces Newcombe 1998 and statsmodels', (k, n, printed, full) => {
    const [lo, hi] = wilsonInterval(k, n)!;
    expect(lo).toBeCloseTo(printed[0], 4);
    expect(hi).toBeCloseTo(printed[1], 4);
    expect(lo).toBeCloseTo(full[0], 14);
    expect(hi).toBeCloseTo(full[1], 14);
  });

  it('matches statsmodels at other levels', () => {
    // statsmodels 0.15: proportion_confint(7, 10, alpha=0.1, method="wilson")
    const [a, b] = wilsonInterval(7, 10, 0.9)!;
    expect(a).toBeCloseTo(0.44169979586983493, 14);
    expect(b).toBeCloseTo(0.873123416096802, 14);
    // statsmodels 0.15: proportion_confint(45, 50, alpha=0.01, method="wilson")
    const [c, d] = wilsonInterval(45, 50, 0.99)!;
    expect(c).toBeCloseTo(0.7402692104043159, 14);
    expect(d).toBeCloseTo(0.9660091162215817, 14);
    // statsmodels 0.15: proportion_confint(1, 2, alpha=0.05, method="wilson")
    const [e, f] = wilsonInterval(1, 2)!;
    expect(e).toBeCloseTo(0.09453120573423068, 14);
    expect(f).toBeCloseTo(0.9054687942657693, 14);
  });

  it('pins the ends exactly at k = 0 and k = n', () => {
    // statsmodels 0.15: proportion_confint(20, 20, method="wilson") = (0.8388748419471804, 0.9999999999999999)
    const [lo, hi] = wilsonInterval(20, 20)!;
    expect(lo).toBeCloseTo(0.8388748419471804, 14);
    expect(hi).toBe(1);
    expect(wilsonInterval(0, 20)![0]).toBe(0);
    // statsmodels 0.15: proportion_confint(0, 1) = (0, 0.7934506856227627); (1, 1) = (0.2065493143772374, 1)
    expect(wilsonInterval(0, 1)).toEqual([0, expect.closeTo(0.7934506856227627, 14)]);
    expect(wilsonInterval(1, 1)).toEqual([expect.closeTo(0.2065493143772374, 14), 1]);
  });

  it('is symmetric under k -> n - k and contains k / n', () => {
    for (const [k, n] of [[3, 17], [40, 41], [128, 256], [1, 1000]] as const) {
      const [lo, hi] = wilsonInterval(k, n)!;
      const [lo2, hi2] = wilsonInterval(n - k, n)!;
      expect(lo).toBeCloseTo(1 - hi2, 14);
      expect(hi).toBeCloseTo(1 - lo2, 14);
      expect(lo).toBeLessThanOrEqual(k / n);
      expect(hi).toBeGreaterThanOrEqual(k / n);
    }
  });

  it('is null with no images', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('rejects counts that are not integers 0 <= k <= n', () => {
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4.2)).toThrow(RangeError);
    expect(() => wilsonInterval(Number.NaN, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1, Number.NaN)).toThrow(RangeError);
  });
});
