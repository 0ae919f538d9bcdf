// Training numerics must not move: weight init, shuffling, dropout and augmentation are seeded
// through Rng, so its stream is pinned here against a plain re-statement of the algorithm
// (unsigned arithmetic in BigInt, no Math.imul, no shared helpers) and against values recorded
// from the generator before it moved into this package.
import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';
import { hashSeed } from './hash-seed.ts';

const M32 = 0xffffffffn;
const mul32 = (a: bigint, b: bigint): bigint => (a * b) & M32;

function referenceHash(parts: number[]): bigint {
  let h = 0x9e3779b9n;
  for (const p of parts) {
    h ^= BigInt(Math.floor(p)) & M32;
    h = mul32(h ^ (h >> 16n), 0x85ebca6bn);
    h = mul32(h ^ (h >> 13n), 0xc2b2ae35n);
    h ^= h >> 16n;
  }
  return h;
}

/** mulberry32 over an unsigned state, as published by Tommy Ettinger. */
function referenceStream(seed: number): () => number {
  let state = referenceHash([seed]);
  return () => {
    state = (state + 0x6d2b79f5n) & M32;
    let t = mul32(state ^ (state >> 15n), state | 1n);
    t = (t ^ ((t + mul32(t ^ (t >> 7n), t | 61n)) & M32)) & M32;
    return Number(t ^ (t >> 14n)) / 2 ** 32;
  };
}

/** Box-Muller in pairs (cos first, then the cached sin), redrawing a zero first uniform. */
function referenceNormals(seed: number, count: number): number[] {
  const next = referenceStream(seed);
  const out: number[] = [];
  while (out.length < count) {
    let u = next();
    while (u === 0) u = next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    out.push(r * Math.cos(2 * Math.PI * v), r * Math.sin(2 * Math.PI * v));
  }
  return out.slice(0, count);
}

describe('the Rng stream (pinned)', () => {
  it('hashSeed matches the reference and the values recorded before the move', () => {
    for (const parts of [[0], [1, 2], [2, 1], [20_261_202, 0x5eed], [-3.5, 1e10, 7], [4_294_967_295, 0, 0x7a5f]]) {
      expect(hashSeed(...parts)).toBe(Number(referenceHash(parts)));
    }
    expect(hashSeed(1, 2)).toBe(825_666_927);
    expect(hashSeed(0)).toBe(2_462_723_854);
    expect(hashSeed(20_261_202, 0x5eed)).toBe(4_273_589_840);
  });

  it('float() is mulberry32 on the hashed seed', () => {
    for (const seed of [0, 1, 42, 0x5eed, 4_294_967_295, hashSeed(3, 0x31f)]) {
      const rng = new Rng(seed);
      const ref = referenceStream(seed);
      for (let i = 0; i < 1000; i++) expect(rng.float()).toBe(ref());
    }
    const r = new Rng(42);
    expect([r.float(), r.float(), r.float()]).toEqual([0.24572046380490065, 0.5754302670247853, 0.3558912726584822]);
  });

  it('uint32() is the same draw as float(), unscaled', () => {
    const ref = referenceStream(9);
    const rng = new Rng(9);
    for (let i = 0; i < 100; i++) expect(rng.uint32()).toBe(ref() * 2 ** 32);
  });

  it('normal() keeps the Box-Muller order, and mean and sd do not disturb the stream', () => {
    const rng = new Rng(7);
    expect(Array.from({ length: 501 }, () => rng.normal())).toEqual(referenceNormals(7, 501));
    const again = new Rng(7);
    expect([again.normal(), again.normal(), again.normal()]).toEqual([-1.1459266497861924, -0.4276486776453543, -0.7659914909335428]);
    const scaled = new Rng(11);
    const ref = referenceNormals(11, 40);
    for (let i = 0; i < 40; i++) expect(scaled.normal(3, 0.5)).toBeCloseTo(3 + 0.5 * ref[i], 12);
  });

  it('intBelow, permutation and fork draw as before', () => {
    const ref = referenceStream(5);
    const rng = new Rng(5);
    for (let i = 0; i < 200; i++) expect(rng.intBelow(37)).toBe(Math.floor(ref() * 37));
    expect(Array.from(new Rng(3).permutation(10))).toEqual([5, 6, 9, 0, 7, 2, 4, 8, 3, 1]);
    const parent = referenceStream(5);
    const child = referenceStream(parent() * 2 ** 32);
    const fork = new Rng(5).fork();
    for (let i = 0; i < 50; i++) expect(fork.float()).toBe(child());
    expect(new Rng(5).fork().float()).toBe(0.16274378332309425);
  });
});
