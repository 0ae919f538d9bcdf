import { normalTwoSidedP, zCritical } from './normal.ts';

/** Midranks (1-based, ties share the mean of their ranks) of xs. */
function midranks(xs: readonly number[]): Float64Array {
  const order = xs.map((_, i) => i).sort((i, j) => xs[i]! - xs[j]!);
  const ranks = new Float64Array(xs.length);
  for (let k = 0; k < order.length; ) {
    let end = k;
    while (end + 1 < order.length && xs[order[end + 1]!] === xs[order[k]!]) end++;
    for (let m = k; m <= end; m++) ranks[order[m]!] = (k + end) / 2 + 1;
    k = end + 1;
  }
  return ranks;
}

/**
 * DeLong's structural components of one classifier's AUC (DeLong, DeLong & Clarke-Pearson 1988),
 * from midranks as in Sun & Xu (2014): for positive i, V10[i] is the share of negatives it
 * outscores (ties ½); for negative j, V01[j] is the share of positives that outscore it.
 * Their means are both the AUC.
 */
export interface AucComponents {
  auc: number;
  v10: Float64Array;
  v01: Float64Array;
}

export function aucComponents(scores: readonly number[], positive: readonly boolean[]): AucComponents | null {
  if (scores.length !== positive.length) throw new RangeError(`scores and labels differ in length: ${scores.length} vs ${positive.length}`);
  const pos = scores.filter((_, i) => positive[i]);
  const neg = scores.filter((_, i) => !positive[i]);
  const m = pos.length;
  const n = neg.length;
  if (m === 0 || n === 0) return null;
  const all = midranks([...pos, ...neg]);
  const rPos = midranks(pos);
  const rNeg = midranks(neg);
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < m; i++) {
    v10[i] = (all[i]! - rPos[i]!) / n;
    sum += v10[i]!;
  }
  for (let j = 0; j < n; j++) v01[j] = 1 - (all[m + j]! - rNeg[j]!) / m;
  return { auc: sum / m, v10, v01 };
}

/** Sample covariance (divisor len - 1) of two aligned vectors; 0 below two values. */
function covariance(a: Float64Array, b: Float64Array, meanA: number, meanB: number): number {
  if (a.length < 2) return 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - meanA) * (b[i]! - meanB);
  return s / (a.length - 1);
}

function aucCovariance(x: AucComponents, y: AucComponents): number {
  return covariance(x.v10, y.v10, x.auc, y.auc) / x.v10.length + covariance(x.v01, y.v01, x.auc, y.auc) / x.v01.length;
}

export interface AucInterval {
  auc: number;
  se: number;
  ci: [number, number];
}

/** AUC with DeLong's standard error and the normal interval (as pROC's ci.auc), clipped to [0, 1]. */
export function delongInterval(scores: readonly number[], positive: readonly boolean[], level = 0.95): AucInterval | null {
  const c = aucComponents(scores, positive);
  if (!c) return null;
  const se = Math.sqrt(aucCovariance(c, c));
  const z = zCritical(level);
  return { auc: c.auc, se, ci: [Math.max(0, c.auc - z * se), Math.min(1, c.auc + z * se)] };
}

export interface PairedAucTest {
  /** AUC(A) - AUC(B). */
  diff: number;
  se: number;
  z: number;
  p: number;
  ci: [number, number];
}

/**
 * DeLong's test of equal AUC for two classifiers scored on the same images (as pROC's
 * roc.test(paired = TRUE, method = "delong")): the difference over its standard error, which
 * subtracts the covariance of the two AUCs over the shared images. With identical scores the
 * difference and its variance are both 0; that is reported as p = 1.
 */
export function delongPairedTest(scoresA: readonly number[], scoresB: readonly number[], positive: readonly boolean[], level = 0.95): PairedAucTest | null {
  if (scoresA.length !== scoresB.length) throw new RangeError(`paired scores differ in length: ${scoresA.length} vs ${scoresB.length}`);
  const a = aucComponents(scoresA, positive);
  const b = aucComponents(scoresB, positive);
  if (!a || !b) return null;
  const diff = a.auc - b.auc;
  const variance = Math.max(0, aucCovariance(a, a) + aucCovariance(b, b) - 2 * aucCovariance(a, b));
  const se = Math.sqrt(variance);
  if (se === 0) return { diff, se, z: 0, p: diff === 0 ? 1 : 0, ci: [diff, diff] };
  const z = diff / se;
  const half = zCritical(level) * se;
  return { diff, se, z, p: normalTwoSidedP(z), ci: [diff - half, diff + half] };
}
