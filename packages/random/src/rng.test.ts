import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';

const N = 100_000;
const mean = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0) / v.length;
const variance = (v: ArrayLike<number>) => {
  const m = mean(v);
  return Array.from(v).reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1);
};

/** Pearson chi-square of observed counts against equal expected counts. */
function chiSquare(counts: number[]): number {
  const expected = counts.reduce((s, c) => s + c, 0) / counts.length;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}
// Upper 0.1% points of the chi-square distribution (published tables).
const CHI2_999 = { 9: 27.877, 19: 43.820, 36: 67.985 } as const;

describe('Rng', () => {
  it('reproduces its stream from the seed, and other seeds give other streams', () => {
    const draw = (seed: number) => { const r = new Rng(seed); return Array.from({ length: 50 }, () => r.float()); };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(draw(0)).not.toEqual(draw(1));
    expect(() => new Rng(NaN)).toThrow(/finite/);
    expect(() => new Rng(Infinity)).toThrow(/finite/);
  });

  it('float() is uniform on [0, 1): range, mean 1/2, variance 1/12, flat histogram', () => {
    const r = new Rng(7);
    const u = Float64Array.from({ length: N }, () => r.float());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    // 5 standard errors: sd of the mean is sqrt(1/12/N), of the variance about sqrt(1/180/N).
    expect(Math.abs(mean(u) - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    expect(Math.abs(variance(u) - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / N));
    const bins = new Array(20).fill(0);
    for (const x of u) bins[Math.floor(x * 20)]++;
    expect(chiSquare(bins)).toBeLessThan(CHI2_999[19]);
  });

  it('uint32() covers all 32 bits, each set half the time', () => {
    const r = new Rng(8);
    const ones = new Array(32).fill(0);
    const n = 20_000;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const x = r.uint32();
      if (!Number.isInteger(x) || x < 0 || x >= 2 ** 32) outside++;
      for (let b = 0; b < 32; b++) ones[b] += (x >>> b) & 1;
    }
    expect(outside).toBe(0);
    for (const c of ones) expect(Math.abs(c / n - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / n));
  });

  it('uniform(lo, hi) stays in [lo, hi) with mean (lo + hi) / 2', () => {
    const r = new Rng(9);
    const x = Float64Array.from({ length: N }, () => r.uniform(-3, 5));
    expect(Math.min(...x)).toBeGreaterThanOrEqual(-3);
    expect(Math.max(...x)).toBeLessThan(5);
    expect(Math.abs(mean(x) - 1)).toBeLessThan(5 * Math.sqrt(64 / 12 / N));
  });

  it('intBelow(n) draws every value of [0, n) equally often', () => {
    const r = new Rng(10);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < N; i++) counts[r.intBelow(10)]++;
    expect(counts.every((c) => c > 0)).toBe(true);
    expect(counts.reduce((s, c) => s + c, 0)).toBe(N);
    expect(chiSquare(counts)).toBeLessThan(CHI2_999[9]);
  });

  it('intBetween(lo, hi) includes both ends and nothing outside them', () => {
    const r = new Rng(11);
    const counts = new Map<number, number>();
    for (let i = 0; i < N; i++) {
      const k = r.intBetween(-2, 7);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3, 4, 5, 6, 7]);
    expect(chiSquare([...counts.values()])).toBeLessThan(CHI2_999[9]);
    for (let i = 0; i < 100; i++) expect(r.intBetween(4, 4)).toBe(4);
  });

  it('normal(mean, sd) has the requested mean and sd, and normal tails', () => {
    const r = new Rng(12);
    const z = Float64Array.from({ length: N }, () => r.normal());
    expect(Math.abs(mean(z))).toBeLessThan(5 * Math.sqrt(1 / N));
    expect(Math.abs(variance(z) - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    // P(|Z| > 1.96) = 0.05 and P(|Z| > 3) = 0.0027 for a standard normal.
    const beyond = (t: number) => z.filter((x) => Math.abs(x) > t).length / N;
    expect(Math.abs(beyond(1.96) - 0.05)).toBeLessThan(5 * Math.sqrt(0.05 * 0.95 / N));
    expect(Math.abs(beyond(3) - 0.0027)).toBeLessThan(5 * Math.sqrt(0.0027 * 0.9973 / N));
    const x = Float64Array.from({ length: N }, () => r.normal(2, 0.5));
    expect(Math.abs(mean(x) - 2)).toBeLessThan(5 * Math.sqrt(0.25 / N));
    expect(Math.abs(Math.sqrt(variance(x)) - 0.5)).toBeLessThan(0.01);
  });

  it('chance(p) is true with probability p, and sign() is -1 or +1 evenly', () => {
    const r = new Rng(13);
    for (const p of [0, 0.1, 0.5, 0.9, 1]) {
      let hits = 0;
      for (let i = 0; i < N; i++) if (r.chance(p)) hits++;
      expect(Math.abs(hits / N - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / N));
    }
    let plus = 0, minus = 0;
    for (let i = 0; i < N; i++) {
      const s = r.sign();
      if (s === 1) plus++;
      if (s === -1) minus++;
    }
    expect(plus + minus).toBe(N);
    expect(Math.abs(plus / N - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / N));
  });

  it('permutation(n) is a permutation, with every element landing anywhere equally often', () => {
    const r = new Rng(14);
    for (const n of [0, 1, 2, 17, 1000]) {
      const p = Array.from(r.permutation(n));
      expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    // Where element 0 lands in 6-element permutations: uniform over the 6 positions, and
    // over 36 (element, position) cells for all elements.
    const cells = new Array(36).fill(0);
    for (let t = 0; t < 20_000; t++) r.permutation(6).forEach((v, pos) => cells[v * 6 + pos]++);
    expect(chiSquare(cells)).toBeLessThan(CHI2_999[36]);
  });

  it('fork() gives a reproducible sub-stream uncorrelated with its parent and its siblings', () => {
    const parent = new Rng(15);
    const a = parent.fork();
    const b = parent.fork();
    const n = 20_000;
    const xs = Float64Array.from({ length: n }, () => parent.float());
    const as = Float64Array.from({ length: n }, () => a.float());
    const bs = Float64Array.from({ length: n }, () => b.float());
    const corr = (x: Float64Array, y: Float64Array) => {
      const mx = mean(x), my = mean(y);
      let sxy = 0, sxx = 0, syy = 0;
      for (let i = 0; i < x.length; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) ** 2;
        syy += (y[i] - my) ** 2;
      }
      return sxy / Math.sqrt(sxx * syy);
    };
    // The sample correlation of independent streams has sd 1/sqrt(n).
    for (const [x, y] of [[xs, as], [xs, bs], [as, bs]] as const) expect(Math.abs(corr(x, y))).toBeLessThan(5 / Math.sqrt(n));
    expect(as).not.toEqual(bs);
    const again = new Rng(15).fork();
    expect(Float64Array.from({ length: n }, () => again.float())).toEqual(as);
  });

  it('getState/setState continue a stream exactly, the pending Box-Muller normal included, through JSON', () => {
    const draws = (r: Rng) => [r.float(), r.normal(), r.uint32(), r.normal(2, 3), r.normal(), ...r.permutation(9)];
    for (const warm of [0, 1, 2]) {
      const a = new Rng(21);
      for (let i = 0; i < warm; i++) a.normal(); // after 1 a normal is pending, after 2 none
      const saved = JSON.parse(JSON.stringify(a.getState()));
      const b = new Rng(999);
      b.setState(saved);
      expect(draws(b)).toEqual(draws(a));
    }
    expect(new Rng(3).getState()).toEqual(new Rng(3).getState());
    expect(() => new Rng(1).setState({ state: 1.5, spare_normal: null })).toThrow(/state must be a 32-bit integer, got 1.5/);
    expect(() => new Rng(1).setState({ state: 1, spare_normal: NaN })).toThrow(/spare_normal must be a finite number or null/);
    expect(() => new Rng(1).setState(undefined as never)).toThrow(/state must be a 32-bit integer, got undefined/);
  });
});
