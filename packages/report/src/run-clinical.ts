import { argmax, binaryMetrics, cohenKappa, confusionMatrix } from './classification-metrics.ts';
import { rocAuc } from './roc.ts';
import type { RunRecord } from './run-record.ts';

export type EvalSplit = 'test' | 'valid';

/** Screening metrics of one run on one split, from its stored per-example probabilities. */
export interface RunClinical {
  split: EvalSplit;
  /** Index of the class treated as positive (the disease). */
  positive: number;
  /** matrix[true][predicted]; predicted = highest probability. */
  confusion: number[][];
  sensitivity: number | null;
  specificity: number | null;
  precision: number | null;
  f1: number | null;
  roc_auc: number | null;
  kappa: number | null;
  /** Positive-class probability and truth per example, for pooled ROC curves. */
  scores: number[];
  isPositive: boolean[];
}

/** The screening target: the class named "DR" when there is one, else class 0. */
export function positiveClassIndex(classNames: readonly string[] | undefined): number {
  const i = classNames?.indexOf('DR') ?? -1;
  return i >= 0 ? i : 0;
}

/**
 * Which split the report's clinical metrics use: test when every run that stored predictions
 * has test predictions (metrics on the split nobody selected on), else valid, so all variants
 * are measured on the same split. Null when no run stored predictions.
 */
export function clinicalSplit(runs: readonly RunRecord[]): EvalSplit | null {
  const withPreds = runs.filter((r) => r.status === 'ok' && r.predictions && (r.predictions.test || r.predictions.valid));
  if (withPreds.length === 0) return null;
  return withPreds.every((r) => r.predictions!.test) ? 'test' : 'valid';
}

/**
 * Metrics of `run` on `split`; null when the run has no usable predictions there. Malformed
 * predictions (lengths disagree, labels out of range) also give null rather than failing the
 * whole report: the other runs are still worth seeing.
 */
export function runClinical(run: RunRecord, split: EvalSplit): RunClinical | null {
  const preds = run.predictions?.[split];
  if (!preds || preds.labels.length === 0 || preds.labels.length !== preds.probs.length) return null;
  const k = run.class_names?.length ?? preds.probs[0]!.length;
  if (k < 2 || preds.probs.some((p) => p.length !== k)) return null;
  const positive = positiveClassIndex(run.class_names);
  let confusion: number[][];
  try {
    confusion = confusionMatrix(preds.labels, preds.probs.map(argmax), k);
  } catch {
    return null;
  }
  const scores = preds.probs.map((p) => p[positive]!);
  const isPositive = preds.labels.map((l) => l === positive);
  const { sensitivity, specificity, precision, f1 } = binaryMetrics(confusion, positive);
  return {
    split, positive, confusion, sensitivity, specificity, precision, f1,
    roc_auc: rocAuc(scores, isPositive),
    kappa: cohenKappa(confusion),
    scores, isPositive,
  };
}
