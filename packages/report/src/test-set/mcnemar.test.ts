import { describe, expect, it } from 'vitest';
import { discordantPairs, exactMcNemarP } from './mcnemar.ts';

describe('discordantPairs', () => {
  it('counts the images only one model got right', () => {
    const a = [true, true, false, false, true, false, true];
    const b = [true, false, true, false, false, false, true];
    // by hand: index 1 and 4 are A-only, index 2 is B-only
    expect(discordantPairs(a, b)).toEqual({ onlyA: 2, onlyB: 1, n: 7 });
    expect(discordantPairs(b, a)).toEqual({ onlyA: 1, onlyB: 2, n: 7 });
  });

  it('accepts 0/1 arrays and typed arrays', () => {
    expect(discordantPairs(Uint8Array.from([1, 0, 1, 1]), [0, 0, 1, 0])).toEqual({ onlyA: 2, onlyB: 0, n: 4 });
    expect(discordantPairs([], [])).toEqual({ onlyA: 0, onlyB: 0, n: 0 });
  });

  it('rejects unpaired predictions', () => {
    expect(() => discordantPairs([true], [true, false])).toThrow(RangeError);
  });
});

describe('exactMcNemarP', () => {
  // scipy 1.17: scipy.stats.binomtest(b, b + c, 0.5).pvalue (two-sided)
  const SCIPY: [number, number, number][] = [
    [0, 5, 0.0625],
    [5, 0, 0.0625],
    [3, 12, 0.03515625],
    [40, 60, 0.05688793364098089],
    [200, 260, 0.0058839224731039984],
    [1, 1, 1],
    [10, 10, 1],
    [0, 1, 1],
    [7, 8, 1],
    [0, 30, 1.862645149230957e-9],
    [5, 25, 0.0003249142318964005],
  ];
  it.each(SCIPY)('b = %i, c = %i matches scipy binomtest', (b, c, ref) => {
    expect(Math.abs(exactMcNemarP(b, c) - ref)).toBeLessThanOrEqual(1e-12 * ref);
    expect(exactMcNemarP(c, b)).toBe(exactMcNemarP(b, c));
  });

  it('is 1 with no discordant images', () => {
    expect(exactMcNemarP(0, 0)).toBe(1);
  });

  it('is 2^(1-m) when every discordant image favours one model', () => {
    // plain float64: 2 * 0.5^m
    for (const m of [1, 4, 9, 17]) expect(exactMcNemarP(m, 0)).toBeCloseTo(Math.min(1, 2 * 0.5 ** m), 15);
  });
});
