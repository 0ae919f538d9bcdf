import { describe, expect, it } from 'vitest';
import { bootstrapDiffCi, bootstrapMeanCi, percentile } from './bootstrap.ts';
import { Rng } from '@mambabench/random';
import { tInterval, summarize } from './stats.ts';

describe('percentile', () => {
  it('interpolates between order statistics', () => {
    expect(percentile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 20], 0.25)).toBe(12.5);
  });
});

describe('bootstrapMeanCi', () => {
  it('is deterministic for a seed', () => {
    const xs = [0.01, 0.03, -0.02, 0.04, 0.02];
    expect(bootstrapMeanCi(xs)).toEqual(bootstrapMeanCi(xs));
  });

  it('collapses on constant data and needs two values', () => {
    expect(bootstrapMeanCi([0.25, 0.25, 0.25])).toEqual([0.25, 0.25]);
    expect(bootstrapMeanCi([0.2])).toBeNull();
  });

  it('agrees with the t interval on a large normal-ish sample', () => {
    const rng = new Rng(7);
    // Sum of 12 uniforms - 6: approximately standard normal.
    const xs = Array.from({ length: 400 }, () => Array.from({ length: 12 }, () => rng.float()).reduce((s, x) => s + x, 0) - 6);
    const boot = bootstrapMeanCi(xs, { resamples: 4000 })!;
    const t = tInterval(summarize(xs))!;
    expect(boot[0]).toBeCloseTo(t[0], 1);
    expect(boot[1]).toBeCloseTo(t[1], 1);
  });

  it('stays inside the range of the data', () => {
    const [lo, hi] = bootstrapMeanCi([1, 2, 10])!;
    expect(lo).toBeGreaterThanOrEqual(1);
    expect(hi).toBeLessThanOrEqual(10);
  });
});

describe('bootstrapDiffCi', () => {
  it('brackets the difference of means', () => {
    const [lo, hi] = bootstrapDiffCi([0.9, 0.91, 0.92, 0.93], [0.8, 0.82, 0.81])!;
    expect(lo).toBeGreaterThan(0.07);
    expect(hi).toBeLessThan(0.14);
    expect(lo).toBeLessThan(0.105);
    expect(hi).toBeGreaterThan(0.105);
  });

  it('needs two values on each side', () => {
    expect(bootstrapDiffCi([1, 2], [3])).toBeNull();
  });
});
