import { describe, expect, it } from 'vitest';
import { Rng } from '@mambabench/random';
import { pairedDifferenceInterval } from './paired-difference.ts';


describe('pairedDifferenceInterval', () => {
  // Newcombe 1998, "Improved confidence intervals for the difference between binomial
  // proportions based on paired data", Stat Med 17:2635, Table III, method 10 (95 %), printed to
  // 4 decimals. Newcombe's cells e, f, g, h are both right, only A, only B, both wrong, and his
  // θ = (f - g) / n is accuracy(A) - accuracy(B). The lower limit of (1, 97, 1, 1) is left out:
  // the paper prints 0.8736 for method 10 and 0.8737 for method 8, which its own definition
  // makes the same number when eh < fg (we give 0.873672).
  const TABLE_III: [number, number, number, number, number | null, number][] = [
    [36, 12, 2, 0, 0.0569, 0.3404],
    [20, 12, 2, 16, 0.0562, 0.3292],
    [18, 12, 2, 18, 0.0562, 0.329],
    [36, 14, 0, 0, 0.1528, 0.4167],
    [35, 14, 0, 1, 0.1461, 0.4175],
    [18, 14, 0, 18, 0.1441, 0.3963],
    [2, 97, 1, 0, 0.8721, 0.9854],
    [1, 97, 1, 1, null, 0.985],
    [0, 29, 1, 0, 0.6666, 0.9882],
    [2, 98, 0, 0, 0.9178, 0.9945],
    [1, 98, 0, 1, 0.9171, 0.9916],
    [0, 30, 0, 0, 0.8395, 1],
    [54, 0, 0, 0, -0.0664, 0.0664],
    [53, 0, 0, 1, -0.0729, 0.0729],
    [30, 0, 0, 24, -0.0358, 0.0358],
    [29, 0, 0, 25, -0.0354, 0.0354],
    [28, 0, 0, 26, -0.0352, 0.0352],
    [27, 0, 0, 27, -0.0351, 0.0351],
  ];
  it.each(TABLE_III)('(%i, %i, %i, %i) reproduces Newcombe 1998 Table III', (e, f, g, h, lo, hi) => {
    const [l, u] = pairedDifferenceInterval(e, f, g, h)!;
    if (lo !== null) expect(Math.abs(l - lo)).toBeLessThanOrEqual(0.5e-4 + 1e-12);
    expect(Math.abs(u - hi)).toBeLessThanOrEqual(0.5e-4 + 1e-12);
  });

  it('equals the method written out in float64 (20, 12, 2, 16)', () => {
    // n = 50; accuracy(A) = 32/50, accuracy(B) = 22/50, θ = 0.2.
    const z = 1.959963984540054; // scipy 1.17: scipy.stats.norm.ppf(0.975)
    const n = 50;
    const wilson = (k: number): [number, number] => {
      const p = k / n;
      const centre = (2 * k + z * z) / (2 * (n + z * z));
      const half = (z * Math.sqrt(z * z + 4 * k * (1 - p))) / (2 * (n + z * z));
      return [centre - half, centre + half];
    };
    const [l2, u2] = wilson(32);
    const [l3, u3] = wilson(22);
    // eh - fg = 320 - 24 = 296 > 0, so Newcombe's method 10 takes max(296 - n/2, 0) = 271.
    const phi = 271 / Math.sqrt(32 * 18 * 22 * 28);
    const d2l = 0.64 - l2;
    const d2u = u2 - 0.64;
    const d3l = 0.44 - l3;
    const d3u = u3 - 0.44;
    const lower = 0.2 - Math.sqrt(d2l * d2l - 2 * phi * d2l * d3u + d3u * d3u);
    const upper = 0.2 + Math.sqrt(d2u * d2u - 2 * phi * d2u * d3l + d3l * d3l);
    const [l, u] = pairedDifferenceInterval(20, 12, 2, 16)!;
    expect(l).toBeCloseTo(lower, 14);
    expect(u).toBeCloseTo(upper, 14);
    // ... which is the Table III row above.
    expect(lower).toBeCloseTo(0.0562, 4);
    expect(upper).toBeCloseTo(0.3292, 4);
  });

  it('uses the uncorrected phi when the pairing is negative (eh < fg)', () => {
    // (10, 15, 5, 2): eh - fg = 20 - 75 = -55, kept as it is. Written out in float64 as above.
    const z = 1.959963984540054;
    const n = 32;
    const wilson = (k: number): [number, number] => {
      const centre = (2 * k + z * z) / (2 * (n + z * z));
      const half = (z * Math.sqrt(z * z + (4 * k * (n - k)) / n)) / (2 * (n + z * z));
      return [centre - half, centre + half];
    };
    const pA = 25 / 32;
    const pB = 15 / 32;
    const [lA, uA] = wilson(25);
    const [lB, uB] = wilson(15);
    const phi = -55 / Math.sqrt(25 * 7 * 15 * 17);
    const lower = pA - pB - Math.sqrt((pA - lA) ** 2 - 2 * phi * (pA - lA) * (uB - pB) + (uB - pB) ** 2);
    const upper = pA - pB + Math.sqrt((uA - pA) ** 2 - 2 * phi * (uA - pA) * (pB - lB) + (pB - lB) ** 2);
    const [l, u] = pairedDifferenceInterval(10, 15, 5, 2)!;
    expect(l).toBeCloseTo(lower, 14);
    expect(u).toBeCloseTo(upper, 14);
  });

  it('gives identical classifiers an interval around 0 that contains 0', () => {
    for (const [right, wrong] of [[27, 27], [180, 20], [95, 5], [200, 0]] as const) {
      const [l, u] = pairedDifferenceInterval(right, 0, 0, wrong)!;
      expect(l).toBeLessThan(0);
      expect(u).toBeGreaterThan(0);
      expect(l).toBeCloseTo(-u, 14);
    }
  });

  it('contains the point estimate, stays in [-1, 1] and flips sign when A and B swap', () => {
    const rng = new Rng(7);
    for (let t = 0; t < 500; t++) {
      const cells = Array.from({ length: 4 }, () => rng.intBelow(rng.chance(0.3) ? 3 : 40));
      const [a, b, c, d] = cells as [number, number, number, number];
      const n = a + b + c + d;
      if (n === 0) continue;
      const diff = (b - c) / n;
      const [l, u] = pairedDifferenceInterval(a, b, c, d)!;
      expect(l).toBeLessThanOrEqual(diff + 1e-15);
      expect(u).toBeGreaterThanOrEqual(diff - 1e-15);
      expect(l).toBeGreaterThanOrEqual(-1);
      expect(u).toBeLessThanOrEqual(1);
      const [l2, u2] = pairedDifferenceInterval(a, c, b, d)!;
      expect(l2).toBeCloseTo(-u, 14);
      expect(u2).toBeCloseTo(-l, 14);
    }
  });

  it('is null for an empty table', () => {
    expect(pairedDifferenceInterval(0, 0, 0, 0)).toBeNull();
  });

  // Coverage: draw 2000 paired tables from known cell probabilities (multinomial, one uniform per
  // image) and count the 95 % intervals that contain the true difference P(only A) - P(only B).
  // With 2000 tables the binomial SE of a 0.95 coverage is 0.005.
  const COVERAGE: [string, [number, number, number, number], number][] = [
    ['80 % both right, n = 200', [0.8, 0.08, 0.04, 0.08], 200],
    ['near the boundary (accuracies 97 % vs 95 %), n = 400', [0.94, 0.03, 0.01, 0.02], 400],
    ['weakly correlated, n = 100', [0.55, 0.3, 0.05, 0.1], 100],
  ];
  it.each(COVERAGE)('covers the true difference about 95 %% of the time: %s', (_, probs, n) => {
    const rng = new Rng(20_261_202);
    const truth = probs[1] - probs[2];
    const c1 = probs[0];
    const c2 = c1 + probs[1];
    const c3 = c2 + probs[2];
    let covered = 0;
    const tables = 2000;
    for (let t = 0; t < tables; t++) {
      const cells = [0, 0, 0, 0];
      for (let i = 0; i < n; i++) {
        const u = rng.float();
        cells[u < c1 ? 0 : u < c2 ? 1 : u < c3 ? 2 : 3]!++;
      }
      const [l, u] = pairedDifferenceInterval(cells[0]!, cells[1]!, cells[2]!, cells[3]!)!;
      if (l <= truth && truth <= u) covered++;
    }
    const coverage = covered / tables;
    expect(coverage).toBeGreaterThanOrEqual(0.93);
    expect(coverage).toBeLessThanOrEqual(0.975);
  });
});
