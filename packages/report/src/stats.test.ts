import { describe, expect, it } from 'vitest';
import { mean, sampleStd, summarize, tInterval } from './stats.ts';

describe('summarize', () => {
  it('uses the sample standard deviation', () => {
    const s = summarize([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s?.mean).toBe(5);
    expect(s?.std).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(s?.n).toBe(8);
  });

  it('skips nulls and non-finite values', () => {
    expect(summarize([null, 0.5, Number.NaN, 0.7, undefined])).toEqual({
      mean: 0.6,
      std: expect.closeTo(Math.SQRT2 / 10, 12),
      n: 2,
    });
  });

  it('has no spread for one value and no stat for none', () => {
    expect(summarize([0.8])).toEqual({ mean: 0.8, std: null, n: 1 });
    expect(summarize([null, null])).toBeNull();
  });
});

describe('mean and sampleStd', () => {
  it('match hand values', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(Number.isNaN(mean([]))).toBe(true);
    // deviations -1.5 -0.5 0.5 1.5: squares sum 5, / 3
    expect(sampleStd([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 14);
    expect(sampleStd([7])).toBeNull();
  });
});

describe('tInterval', () => {
  it('is mean ± t(0.975, n-1) s / sqrt(n)', () => {
    // n = 5, mean 3, s = sqrt(2.5); t(0.975, 4) = 2.776445
    const ci = tInterval(summarize([1, 2, 3, 4, 5]))!;
    const half = 2.7764451 * Math.sqrt(2.5) / Math.sqrt(5);
    expect(ci[0]).toBeCloseTo(3 - half, 6);
    expect(ci[1]).toBeCloseTo(3 + half, 6);
  });

  it('gives no interval for one seed', () => {
    expect(tInterval(summarize([0.9]))).toBeNull();
    expect(tInterval(null)).toBeNull();
  });

  it('collapses to the mean when every seed agrees', () => {
    expect(tInterval(summarize([0.5, 0.5, 0.5]))).toEqual([0.5, 0.5]);
  });
});
