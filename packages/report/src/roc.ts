/** One point of an ROC curve: false- and true-positive rates at some threshold. */
export interface RocPoint {
  fpr: number;
  tpr: number;
}

/**
 * ROC curve of scores against binary truth: thresholds sweep from above the highest score
 * down, and tied scores move together (one diagonal step), so ties are neither optimistic
 * nor pessimistic. Starts at (0, 0), ends at (1, 1). Null without both classes present.
 */
export function rocCurve(scores: readonly number[], positive: readonly boolean[]): RocPoint[] | null {
  const nPos = positive.filter(Boolean).length;
  const nNeg = positive.length - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  const order = scores.map((_, i) => i).sort((i, j) => scores[j]! - scores[i]!);
  const points: RocPoint[] = [{ fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; ) {
    const score = scores[order[k]!]!;
    while (k < order.length && scores[order[k]!] === score) {
      if (positive[order[k]!]) tp++;
      else fp++;
      k++;
    }
    points.push({ fpr: fp / nNeg, tpr: tp / nPos });
  }
  return points;
}

/**
 * Area under the ROC curve from ranks (Mann–Whitney U / (nPos · nNeg)): the probability that a
 * random positive scores above a random negative, ties counting one half (midranks). Equals
 * the trapezoidal area under rocCurve. Null without both classes present.
 */
export function rocAuc(scores: readonly number[], positive: readonly boolean[]): number | null {
  const n = scores.length;
  const nPos = positive.filter(Boolean).length;
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  const order = scores.map((_, i) => i).sort((i, j) => scores[i]! - scores[j]!);
  let rankSumPos = 0;
  for (let k = 0; k < n; ) {
    let end = k;
    while (end + 1 < n && scores[order[end + 1]!] === scores[order[k]!]) end++;
    const midrank = (k + end) / 2 + 1; // ranks are 1-based
    for (let m = k; m <= end; m++) if (positive[order[m]!]) rankSumPos += midrank;
    k = end + 1;
  }
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/**
 * Thin a curve for plotting: keep a point only once it is at least `step` away (in FPR or TPR)
 * from the last kept one, plus both ends. A 10 000-example test set then plots as ≤ ~2/step
 * points per model without visibly changing the curve.
 */
export function thinRoc(points: readonly RocPoint[], step = 0.005): RocPoint[] {
  if (points.length <= 2) return [...points];
  const kept: RocPoint[] = [points[0]!];
  for (let i = 1; i < points.length - 1; i++) {
    const last = kept[kept.length - 1]!;
    const p = points[i]!;
    if (Math.abs(p.fpr - last.fpr) >= step || Math.abs(p.tpr - last.tpr) >= step) kept.push(p);
  }
  kept.push(points[points.length - 1]!);
  return kept;
}
