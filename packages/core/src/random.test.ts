import { describe, expect, it } from 'vitest';
import { Rng, hashSeed } from './random';

describe('Rng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = new Rng(1), b = new Rng(1), c = new Rng(2);
    const seq = (r: Rng) => Array.from({ length: 5 }, () => r.next());
    expect(seq(a)).toEqual(seq(b));
    expect(seq(new Rng(1))).not.toEqual(seq(c));
  });

  it('draws uniform and normal values with the right moments', () => {
    const r = new Rng(7);
    const u = Array.from({ length: 20000 }, () => r.next());
    const n = Array.from({ length: 20000 }, () => r.normal());
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    expect(mean(u)).toBeCloseTo(0.5, 1);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(mean(n)).toBeCloseTo(0, 1);
    expect(mean(n.map((x) => x * x))).toBeCloseTo(1, 1);
  });

  it('makes permutations and mixes seeds', () => {
    const p = Array.from(new Rng(3).permutation(100));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(hashSeed(1, 2)).not.toBe(hashSeed(2, 1));
    expect(() => new Rng(NaN)).toThrow(/finite/);
  });
});
