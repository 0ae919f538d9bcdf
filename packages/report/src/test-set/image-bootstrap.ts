import { Rng } from '@mambabench/random';

/** One trained model's answers on the test images, index-aligned with the shared labels. */
export interface ScoredRun {
  /** 1 where the predicted class (highest probability) is the label. */
  correct: Uint8Array;
  /** Positive-class probability per image (for the AUC). */
  scores: Float64Array;
}

export interface ImageBootstrap {
  resamples: number;
  /** acc[run][b]: accuracy of run on image resample b. */
  acc: Float64Array[];
  /** auc[run][b]: ROC-AUC of run on image resample b (NaN where a resample lacks a class). */
  auc: Float64Array[];
}

export interface ImageBootstrapOptions {
  resamples?: number;
  seed?: number;
}

export const IMAGE_RESAMPLES = 2000;
const DEFAULT_SEED = 20_261_202;

/**
 * The stratified bootstrap over test images: each resample draws, within every class, as many
 * images as the class has, with replacement, so class balance (and with it sensitivity and
 * specificity) is that of the test set. Every run is scored on the same resamples, which keeps
 * the comparisons paired over images. Weighted counts stand in for the drawn indices, so a
 * resample costs O(images) per run, including the AUC.
 */
export function imageBootstrap(runs: readonly ScoredRun[], positive: readonly boolean[], options: ImageBootstrapOptions = {}): ImageBootstrap {
  const { resamples = IMAGE_RESAMPLES, seed = DEFAULT_SEED } = options;
  const n = positive.length;
  for (const r of runs) {
    if (r.correct.length !== n || r.scores.length !== n) throw new RangeError(`a run's predictions cover ${r.correct.length} images, the labels ${n}`);
  }
  const strata = [positive.flatMap((p, i) => (p ? [i] : [])), positive.flatMap((p, i) => (p ? [] : [i]))].filter((s) => s.length > 0);
  // Each run's images in ascending score order, for the weighted AUC.
  const orders = runs.map((r) => Array.from({ length: n }, (_, i) => i).sort((i, j) => r.scores[i]! - r.scores[j]!));
  const rng = new Rng(seed);
  const weights = new Int32Array(n);
  const acc = runs.map(() => new Float64Array(resamples));
  const auc = runs.map(() => new Float64Array(resamples));
  for (let b = 0; b < resamples; b++) {
    weights.fill(0);
    for (const stratum of strata) {
      for (let k = 0; k < stratum.length; k++) weights[stratum[rng.intBelow(stratum.length)]!]!++;
    }
    runs.forEach((run, r) => {
      let right = 0;
      for (let i = 0; i < n; i++) right += weights[i]! * run.correct[i]!;
      acc[r]![b] = right / n;
      auc[r]![b] = weightedAuc(run.scores, positive, weights, orders[r]!);
    });
  }
  return { resamples, acc, auc };
}

/**
 * AUC of a weighted sample (weight = times an image was drawn): the weighted share of
 * (positive, negative) pairs where the positive scores higher, ties ½. One pass in score order.
 */
export function weightedAuc(scores: ArrayLike<number>, positive: readonly boolean[], weights: ArrayLike<number>, ascending: readonly number[]): number {
  let negBelow = 0;
  let pairs = 0;
  let wPos = 0;
  let wNeg = 0;
  for (let k = 0; k < ascending.length; ) {
    const s = scores[ascending[k]!]!;
    let tiePos = 0;
    let tieNeg = 0;
    while (k < ascending.length && scores[ascending[k]!] === s) {
      const i = ascending[k]!;
      if (positive[i]) tiePos += weights[i]!;
      else tieNeg += weights[i]!;
      k++;
    }
    pairs += tiePos * (negBelow + tieNeg / 2);
    negBelow += tieNeg;
    wPos += tiePos;
    wNeg += tieNeg;
  }
  return wPos > 0 && wNeg > 0 ? pairs / (wPos * wNeg) : Number.NaN;
}
