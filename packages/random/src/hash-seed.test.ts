import { describe, expect, it } from 'vitest';
import { hashSeed } from './hash-seed.ts';

const popcount = (x: number) => {
  let c = 0;
  for (let v = x >>> 0; v; v &= v - 1) c++;
  return c;
};

describe('hashSeed', () => {
  it('returns an unsigned 32-bit integer and is a pure function of its parts', () => {
    for (const parts of [[], [0], [1, 2, 3], [-1], [2.7, 1e12]]) {
      const h = hashSeed(...parts);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
      expect(hashSeed(...parts)).toBe(h);
    }
  });

  it('gives distinct seeds to neighbouring tuples, to permuted parts and to extra parts', () => {
    const seen = new Set<number>();
    for (let s = 0; s < 20; s++) for (let split = 1; split <= 3; split++) for (let i = 0; i < 200; i++) seen.add(hashSeed(s, split, i));
    expect(seen.size).toBe(20 * 3 * 200);
    expect(hashSeed(1, 2)).not.toBe(hashSeed(2, 1));
    expect(hashSeed(1)).not.toBe(hashSeed(1, 0));
    expect(hashSeed(0)).not.toBe(hashSeed());
    const singles = new Set(Array.from({ length: 100_000 }, (_, i) => hashSeed(i)));
    expect(singles.size).toBe(100_000); // one part is a bijection of its low 32 bits
  });

  it('folds parts in by their floored low 32 bits', () => {
    expect(hashSeed(2.9)).toBe(hashSeed(2));
    expect(hashSeed(-1)).toBe(hashSeed(4_294_967_295));
    expect(hashSeed(2 ** 32 + 5)).toBe(hashSeed(5));
  });

  it('avalanches: flipping one input bit flips each output bit about half the time', () => {
    // For each input bit of the last part, flip it over many base tuples and count how often
    // each output bit changes. A good mix flips every output bit with probability 1/2.
    const trials = 2000;
    let worst = 0;
    let totalFlipped = 0;
    for (let bit = 0; bit < 32; bit++) {
      const flips = new Array(32).fill(0);
      for (let t = 0; t < trials; t++) {
        const base = hashSeed(t, 0xabc); // varied, unrelated inputs
        const d = hashSeed(7, base) ^ hashSeed(7, (base ^ (1 << bit)) >>> 0);
        totalFlipped += popcount(d);
        for (let o = 0; o < 32; o++) flips[o] += (d >>> o) & 1;
      }
      for (const f of flips) worst = Math.max(worst, Math.abs(f / trials - 0.5));
    }
    // 1024 (input, output) bit pairs at sd sqrt(0.25/2000) = 0.011 each: 5 sd is 0.056.
    expect(worst).toBeLessThan(0.056);
    // Mean flipped bits per flip is 16 with sd sqrt(8 / (32 * trials)) = 0.011.
    expect(Math.abs(totalFlipped / (32 * trials) - 16)).toBeLessThan(0.06);
  });
});
