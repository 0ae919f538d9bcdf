/** Index of the largest probability (first one on ties): the predicted class. */
export function argmax(probs: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i]! > probs[best]!) best = i;
  return best;
}

/** k×k counts, matrix[true][predicted]. Labels outside [0, k) are an error, not silently dropped. */
export function confusionMatrix(truth: readonly number[], predicted: readonly number[], k: number): number[][] {
  if (truth.length !== predicted.length) throw new RangeError('truth and predictions differ in length');
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  truth.forEach((t, i) => {
    const p = predicted[i]!;
    if (!(t >= 0 && t < k && p >= 0 && p < k)) throw new RangeError(`class index out of range at example ${i}: ${t} / ${p}`);
    m[t]![p]! += 1;
  });
  return m;
}

/** Metrics of one class treated as "positive" against all others; null where undefined (0/0). */
export interface BinaryMetrics {
  accuracy: number | null;
  /** Recall of the positive class: TP / (TP + FN). */
  sensitivity: number | null;
  /** TN / (TN + FP). */
  specificity: number | null;
  /** Positive predictive value: TP / (TP + FP). */
  precision: number | null;
  /** Harmonic mean of precision and sensitivity: 2TP / (2TP + FP + FN). */
  f1: number | null;
}

const ratio = (num: number, den: number) => (den === 0 ? null : num / den);

/** One-vs-rest metrics of class `positive` from a confusion matrix. */
export function binaryMetrics(matrix: readonly (readonly number[])[], positive: number): BinaryMetrics {
  let total = 0;
  let correct = 0;
  let tp = 0;
  let fn = 0;
  let fp = 0;
  matrix.forEach((row, t) => row.forEach((count, p) => {
    total += count;
    if (t === p) correct += count;
    if (t === positive && p === positive) tp += count;
    else if (t === positive) fn += count;
    else if (p === positive) fp += count;
  }));
  const tn = total - tp - fn - fp;
  return {
    accuracy: ratio(correct, total),
    sensitivity: ratio(tp, tp + fn),
    specificity: ratio(tn, tn + fp),
    precision: ratio(tp, tp + fp),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
  };
}

/**
 * Cohen's kappa: agreement beyond chance, (p_o - p_e) / (1 - p_e), with p_e from the row and
 * column marginals. Null for an empty matrix or when chance agreement is already 1 (kappa is
 * 0/0 there, e.g. every example and prediction in one class).
 */
export function cohenKappa(matrix: readonly (readonly number[])[]): number | null {
  const k = matrix.length;
  let total = 0;
  let agree = 0;
  const rows = new Array<number>(k).fill(0);
  const cols = new Array<number>(k).fill(0);
  matrix.forEach((row, t) => row.forEach((count, p) => {
    total += count;
    rows[t]! += count;
    cols[p]! += count;
    if (t === p) agree += count;
  }));
  if (total === 0) return null;
  const po = agree / total;
  const pe = rows.reduce((s, r, i) => s + r * cols[i]!, 0) / (total * total);
  return pe === 1 ? null : (po - pe) / (1 - pe);
}
