import { describe, expect, it } from 'vitest';
import { summarize } from './stats.ts';

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
