import { describe, expect, it } from 'vitest';
import { Rng } from '@mambabench/random';
import { imageBootstrap, type ScoredRun } from './image-bootstrap.ts';
import { discordantPairs, exactMcNemarP } from './mcnemar.ts';
import { bootstrapDifference, percentileInterval, twoLevelDraws, uncertaintySources } from './two-level.ts';


function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

/** Per-seed replicate arrays: perSeed[s][b] drawn uniformly around a per-seed level. */
function perSeedArrays(levels: readonly number[], resamples: number, spread: number, seed: number): Float64Array[] {
  const rng = new Rng(seed);
  return levels.map((level) => Float64Array.from({ length: resamples }, () => level + spread * (rng.float() - 0.5)));
}

describe('twoLevelDraws', () => {
  it('with one seed is that seed’s image replicates', () => {
    const [only] = perSeedArrays([0.8], 500, 0.1, 1);
    expect(Array.from(twoLevelDraws([only!], 9))).toEqual(Array.from(only!));
  });

  it('averages k draws of the seeds on each image resample', () => {
    const perSeed = perSeedArrays([0.7, 0.75, 0.8, 0.82], 1000, 0.05, 2);
    const out = twoLevelDraws(perSeed, 3);
    expect(out).toHaveLength(1000);
    for (let b = 0; b < out.length; b++) {
      const column = perSeed.map((s) => s[b]!);
      expect(out[b]).toBeGreaterThanOrEqual(Math.min(...column) - 1e-15);
      expect(out[b]).toBeLessThanOrEqual(Math.max(...column) + 1e-15);
    }
    expect(Array.from(twoLevelDraws(perSeed, 3))).toEqual(Array.from(out));
    // equal seeds: every draw is that value
    const same = [perSeed[0]!, perSeed[0]!, perSeed[0]!];
    twoLevelDraws(same, 4).forEach((x, b) => expect(x).toBeCloseTo(perSeed[0]![b]!, 15));
  });

  it('spreads by the seed bootstrap SD when the images are fixed', () => {
    // perSeed[s][b] = level_s for every b: the draws are means of k seeds drawn with replacement,
    // whose SD is sqrt(popvar(levels) / k).
    const levels = [0.7, 0.74, 0.78, 0.8, 0.83];
    const perSeed = levels.map((l) => new Float64Array(4000).fill(l));
    const out = twoLevelDraws(perSeed, 5);
    const m = mean(levels);
    const popvar = levels.reduce((s, x) => s + (x - m) ** 2, 0) / levels.length;
    const outMean = mean(out);
    const sd = Math.sqrt(Array.from(out).reduce((s, x) => s + (x - outMean) ** 2, 0) / (out.length - 1));
    expect(Math.abs(outMean - m)).toBeLessThan(0.002);
    expect(sd / Math.sqrt(popvar / levels.length)).toBeGreaterThan(0.93);
    expect(sd / Math.sqrt(popvar / levels.length)).toBeLessThan(1.07);
  });
});

describe('percentileInterval', () => {
  it('matches numpy.percentile (linear interpolation) and drops NaN', () => {
    const xs = Float64Array.from([3, 1, 4, 1, 5, Number.NaN, 9, 2, 6, 5, 3, 5]);
    // numpy 2.4: np.percentile([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5], [2.5, 97.5]) = [1.0, 8.25]
    expect(percentileInterval(xs)).toEqual([1, expect.closeTo(8.25, 14)]);
    // np.percentile(..., [10, 90]) = [1.0, 6.0]
    expect(percentileInterval(xs, 0.8)).toEqual([1, expect.closeTo(6, 14)]);
    expect(Number.isNaN(xs[5]!)).toBe(true); // the input is left as it was
  });

  it('is null when every replicate is NaN', () => {
    expect(percentileInterval(Float64Array.from([Number.NaN, Number.NaN]))).toBeNull();
    expect(percentileInterval(new Float64Array(0))).toBeNull();
  });
});

describe('bootstrapDifference', () => {
  it('gives identical replicates the interval [0, 0] and p = 1', () => {
    const [a] = perSeedArrays([0.8], 2000, 0.1, 3);
    expect(bootstrapDifference(a!, Float64Array.from(a!))).toEqual({ ci: [0, 0], p: 1 });
  });

  it('matches the percentile interval and sign count written out', () => {
    const a = Float64Array.from([0.7, 0.72, 0.69, 0.75, 0.71, 0.68, 0.74, 0.73]);
    const b = Float64Array.from([0.7, 0.69, 0.7, 0.71, 0.7, 0.69, 0.7, 0.7]);
    // d = a - b: 3 replicates <= 0 (one exactly 0), 6 >= 0; p = 2 * min(3, 6) / 8 = 0.75.
    // numpy 2.4: np.percentile(a - b, [2.5, 97.5]) = [-0.00999999999999999, 0.040000000000000036]
    const r = bootstrapDifference(a, b)!;
    expect(r.p).toBe(0.75);
    expect(r.ci[0]).toBeCloseTo(-0.00999999999999999, 15);
    expect(r.ci[1]).toBeCloseTo(0.040000000000000036, 15);
  });

  it('skips NaN replicates and is null when none is left', () => {
    const a = Float64Array.from([0.1, Number.NaN, 0.3, 0.2]);
    const b = Float64Array.from([0, 0, Number.NaN, 0.1]);
    // valid differences 0.1, 0.1: all above 0
    const r = bootstrapDifference(a, b)!;
    expect(r.p).toBe(0);
    expect(r.ci[0]).toBeCloseTo(0.1, 15);
    expect(r.ci[1]).toBeCloseTo(0.1, 15);
    expect(bootstrapDifference(Float64Array.from([Number.NaN]), Float64Array.from([0]))).toBeNull();
  });

  describe('on simulated prediction sets (n = 256, through imageBootstrap)', () => {
    const N = 256;
    const positive = Array.from({ length: N }, (_, i) => i % 2 === 0);
    const rng = new Rng(20_261_202);
    function makeRun(acc: number): ScoredRun {
      const correct = Uint8Array.from(positive, () => (rng.chance(acc) ? 1 : 0));
      // a positive-class probability on the right side of 0.5 exactly when the answer is right
      const scores = Float64Array.from(positive, (p, i) => {
        const margin = 0.5 * rng.float();
        return correct[i] === (p ? 1 : 0) ? 0.5 + margin : 0.5 - margin;
      });
      return { correct, scores };
    }
    const better = makeRun(0.8);
    const worse = makeRun(0.6);
    const accBetter = mean(better.correct);
    const accWorse = mean(worse.correct);

    it('finds a 20-point accuracy difference (bootstrap and McNemar)', () => {
      expect(accBetter - accWorse).toBeGreaterThan(0.15);
      const boot = imageBootstrap([better, worse], positive, { resamples: 2000, seed: 7 });
      const r = bootstrapDifference(boot.acc[0]!, boot.acc[1]!)!;
      expect(r.ci[0]).toBeGreaterThan(0);
      expect(r.ci[0]).toBeLessThan(accBetter - accWorse);
      expect(r.ci[1]).toBeGreaterThan(accBetter - accWorse);
      expect(r.p).toBeLessThan(0.01);
      const { onlyA, onlyB, n } = discordantPairs(better.correct, worse.correct);
      expect(n).toBe(N);
      expect((onlyA - onlyB) / N).toBeCloseTo(accBetter - accWorse, 14);
      expect(exactMcNemarP(onlyA, onlyB)).toBeLessThan(0.01);
    });

    it('finds nothing between two identical prediction sets', () => {
      const copy: ScoredRun = { correct: Uint8Array.from(better.correct), scores: Float64Array.from(better.scores) };
      const boot = imageBootstrap([better, copy], positive, { resamples: 2000, seed: 7 });
      const acc = bootstrapDifference(boot.acc[0]!, boot.acc[1]!)!;
      expect(acc).toEqual({ ci: [0, 0], p: 1 });
      const auc = bootstrapDifference(boot.auc[0]!, boot.auc[1]!)!;
      expect(auc).toEqual({ ci: [0, 0], p: 1 });
      const { onlyA, onlyB } = discordantPairs(better.correct, copy.correct);
      expect(exactMcNemarP(onlyA, onlyB)).toBe(1);
    });
  });
});

describe('uncertaintySources', () => {
  it('matches the formulas written out', () => {
    const full = [0.81, 0.78, 0.84, 0.8];
    const perSeed = perSeedArrays(full, 300, 0.06, 4);
    const { seedSd, imageSd } = uncertaintySources(full, perSeed);
    // seeds: sqrt(popvar / k), popvar with divisor k
    const k = full.length;
    const m = (0.81 + 0.78 + 0.84 + 0.8) / 4;
    const popvar = ((0.81 - m) ** 2 + (0.78 - m) ** 2 + (0.84 - m) ** 2 + (0.8 - m) ** 2) / 4;
    expect(seedSd).toBeCloseTo(Math.sqrt(popvar / k), 15);
    // images: sample SD (divisor B - 1) over resamples b of the seeds' mean on resample b
    const means = Array.from({ length: 300 }, (_, b) => perSeed.reduce((s, x) => s + x[b]!, 0) / k);
    const mm = mean(means);
    const sd = Math.sqrt(means.reduce((s, x) => s + (x - mm) ** 2, 0) / (means.length - 1));
    expect(imageSd).toBeCloseTo(sd, 15);
  });

  it('gives a seed SD of 0 for one seed or equal seeds', () => {
    expect(uncertaintySources([0.8], perSeedArrays([0.8], 100, 0.05, 5)).seedSd).toBe(0);
    expect(uncertaintySources([0.8, 0.8], perSeedArrays([0.8, 0.8], 100, 0.05, 6)).seedSd).toBe(0);
  });
});
