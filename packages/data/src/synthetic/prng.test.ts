import { describe, expect, it } from 'vitest';
import { createRng, hashSeed, mix32 } from './prng.ts';

describe('prng', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const draw = (seed: number) => Array.from({ length: 8 }, createRng(seed).next);
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(draw(1)).not.toEqual(draw(2));
  });

  it('draws uniforms in [0, 1) and integers in the inclusive range', () => {
    const rng = createRng(7);
    let min = 1, max = 0;
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const u = rng.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      seen.add(rng.int(2, 5));
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });

  it('draws normals with the requested mean and sd', () => {
    const rng = createRng(3);
    const n = 20_000;
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal(2, 0.5);
      s += z;
      s2 += z * z;
    }
    const mean = s / n;
    expect(mean).toBeCloseTo(2, 1);
    expect(Math.sqrt(s2 / n - mean * mean)).toBeCloseTo(0.5, 1);
  });

  it('hashSeed separates tuples, including neighbours and permutations', () => {
    const seeds = new Set<number>();
    for (let s = 0; s < 4; s++) for (let split = 1; split <= 3; split++) for (let i = 0; i < 50; i++) seeds.add(hashSeed(s, split, i));
    expect(seeds.size).toBe(4 * 3 * 50);
    expect(hashSeed(1, 2)).not.toBe(hashSeed(2, 1));
    expect(mix32(0)).toBe(0); // documents fmix32's fixed point; hashSeed never feeds it a bare 0
  });
});
