import { describe, expect, it } from 'vitest';
import { pairwiseAuc } from './pairwise-auc-reference.ts';
import { Rng } from '@mambabench/random';
import { delongInterval } from './delong.ts';
import { IMAGE_RESAMPLES, imageBootstrap, weightedAuc, type ScoredRun } from './image-bootstrap.ts';

function ascending(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((i, j) => scores[i]! - scores[j]!);
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

function sampleSd(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i]! - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

/** n images, nPos of them positive (first), scores rounded to 2 decimals so some tie; correct w.p. acc. */
function makeData(n: number, nPos: number, acc: number, seed: number): { positive: boolean[]; run: ScoredRun } {
  const rng = new Rng(seed);
  const positive = Array.from({ length: n }, (_, i) => i < nPos);
  const scores = Float64Array.from(positive, (p) => Math.round(((p ? 0.25 : 0) + 0.75 * rng.float()) * 100) / 100);
  const correct = Uint8Array.from(positive, () => (rng.chance(acc) ? 1 : 0));
  return { positive, run: { correct, scores } };
}

describe('weightedAuc', () => {
  const { positive, run } = makeData(90, 35, 0.8, 11);
  const scores = Array.from(run.scores);
  const order = ascending(scores);

  it('with all weights 1 equals the pairwise AUC (ties ½)', () => {
    expect(new Set(scores).size).toBeLessThan(scores.length); // the data has ties
    expect(weightedAuc(scores, positive, new Array(90).fill(1), order)).toBeCloseTo(pairwiseAuc(scores, positive), 14);
  });

  it('with integer weights equals the AUC of the sample with each image repeated that often', () => {
    const rng = new Rng(5);
    for (let t = 0; t < 20; t++) {
      const weights = scores.map(() => rng.intBelow(4));
      const dupScores: number[] = [];
      const dupPositive: boolean[] = [];
      weights.forEach((w, i) => {
        for (let k = 0; k < w; k++) {
          dupScores.push(scores[i]!);
          dupPositive.push(positive[i]!);
        }
      });
      expect(weightedAuc(scores, positive, weights, order)).toBeCloseTo(pairwiseAuc(dupScores, dupPositive), 14);
    }
  });

  it('is NaN when a class has no weight', () => {
    const weights = positive.map((p) => (p ? 0 : 1));
    expect(weightedAuc(scores, positive, weights, order)).toBeNaN();
  });
});

describe('imageBootstrap', () => {
  const N = 200;
  const N_POS = 80;
  const { positive, run } = makeData(N, N_POS, 0.75, 2024);
  const fullAcc = mean(run.correct);

  it('resamples accuracy around the full-set value with the stratified binomial spread', () => {
    const boot = imageBootstrap([run], positive, { resamples: 4000, seed: 1 });
    expect(boot.resamples).toBe(4000);
    expect(boot.acc[0]).toHaveLength(4000);
    // E[resample accuracy] is the full-set accuracy; the mean of 4000 has SD ~0.03/63.
    expect(Math.abs(mean(boot.acc[0]!) - fullAcc)).toBeLessThan(0.002);
    // Drawing within each class: Var = Σ_s n_s p_s (1 - p_s) / n², at most p (1 - p) / n unstratified.
    let v = 0;
    for (const cls of [true, false]) {
      const idx = positive.flatMap((p, i) => (p === cls ? [i] : []));
      const ps = idx.reduce((s, i) => s + run.correct[i]!, 0) / idx.length;
      v += idx.length * ps * (1 - ps);
    }
    const stratifiedSd = Math.sqrt(v) / N;
    const binomialSd = Math.sqrt((fullAcc * (1 - fullAcc)) / N);
    const sd = sampleSd(boot.acc[0]!);
    expect(sd).toBeGreaterThan(0.93 * stratifiedSd);
    expect(sd).toBeLessThan(1.07 * stratifiedSd);
    expect(sd).toBeLessThan(1.05 * binomialSd);
    expect(sd).toBeGreaterThan(0.85 * binomialSd);
  });

  it("resamples the AUC around the full-set value with about DeLong's standard error", () => {
    const boot = imageBootstrap([run], positive, { resamples: 4000, seed: 2 });
    const ref = delongInterval(Array.from(run.scores), positive)!;
    expect(ref.auc).toBeCloseTo(pairwiseAuc(Array.from(run.scores), positive), 14);
    expect(Math.abs(mean(boot.auc[0]!) - ref.auc)).toBeLessThan(0.01);
    const sd = sampleSd(boot.auc[0]!);
    expect(sd).toBeGreaterThan(0.85 * ref.se);
    expect(sd).toBeLessThan(1.15 * ref.se);
  });

  it('keeps the class counts in every resample', () => {
    // A run that is right exactly on the positives: its resample accuracy is the weight drawn
    // from the positive class over n, which stratification fixes at N_POS / N.
    const indicator: ScoredRun = { correct: Uint8Array.from(positive, (p) => (p ? 1 : 0)), scores: run.scores };
    const boot = imageBootstrap([run, indicator], positive, { resamples: 500, seed: 3 });
    for (const a of boot.acc[1]!) expect(a).toBe(N_POS / N);
  });

  it('scores every run on the same resamples', () => {
    const copy: ScoredRun = { correct: Uint8Array.from(run.correct), scores: Float64Array.from(run.scores) };
    const boot = imageBootstrap([run, copy], positive, { resamples: 300, seed: 4 });
    expect(Array.from(boot.acc[1]!)).toEqual(Array.from(boot.acc[0]!));
    expect(Array.from(boot.auc[1]!)).toEqual(Array.from(boot.auc[0]!));
  });

  it('gives AUC 1 on every resample when the scores separate the classes', () => {
    const separated: ScoredRun = { correct: run.correct, scores: Float64Array.from(positive, (p, i) => (p ? 2 : 0) + i / N) };
    const boot = imageBootstrap([separated], positive, { resamples: 200, seed: 5 });
    for (const a of boot.auc[0]!) expect(a).toBe(1);
  });

  it('is deterministic for a seed and changes with it', () => {
    const a = imageBootstrap([run], positive, { resamples: 200, seed: 42 });
    const b = imageBootstrap([run], positive, { resamples: 200, seed: 42 });
    const c = imageBootstrap([run], positive, { resamples: 200, seed: 43 });
    expect(Array.from(b.acc[0]!)).toEqual(Array.from(a.acc[0]!));
    expect(Array.from(b.auc[0]!)).toEqual(Array.from(a.auc[0]!));
    expect(Array.from(c.acc[0]!)).not.toEqual(Array.from(a.acc[0]!));
    // the default seed is fixed too
    const d = imageBootstrap([run], positive, { resamples: 50 });
    const e = imageBootstrap([run], positive, { resamples: 50 });
    expect(Array.from(e.acc[0]!)).toEqual(Array.from(d.acc[0]!));
  });

  it(`draws ${IMAGE_RESAMPLES} resamples by default`, () => {
    const boot = imageBootstrap([run], positive);
    expect(boot.resamples).toBe(IMAGE_RESAMPLES);
    expect(boot.acc[0]).toHaveLength(IMAGE_RESAMPLES);
    expect(boot.auc[0]).toHaveLength(IMAGE_RESAMPLES);
  });

  it('gives NaN AUCs when the test set has one class', () => {
    const allPositive = positive.map(() => true);
    const boot = imageBootstrap([run], allPositive, { resamples: 20, seed: 6 });
    for (const a of boot.auc[0]!) expect(a).toBeNaN();
    for (const a of boot.acc[0]!) expect(a).toBeGreaterThanOrEqual(0);
  });

  it('rejects a run that does not cover the labelled images', () => {
    const short: ScoredRun = { correct: run.correct.subarray(0, N - 1), scores: run.scores };
    expect(() => imageBootstrap([short], positive, { resamples: 10 })).toThrow(RangeError);
    const shortScores: ScoredRun = { correct: run.correct, scores: run.scores.subarray(1) };
    expect(() => imageBootstrap([shortScores], positive, { resamples: 10 })).toThrow(RangeError);
  });
});
