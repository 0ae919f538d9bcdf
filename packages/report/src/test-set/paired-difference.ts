import { wilsonInterval } from './wilson.ts';

/**
 * Newcombe's hybrid score interval (method 10 of Newcombe 1998, "Improved confidence intervals
 * for the difference between binomial proportions based on paired data") for
 * accuracy(A) - accuracy(B) when both classified the same n images. It combines the two Wilson
 * intervals with the correlation of the paired outcomes, so it stays inside [-1, 1] and keeps its
 * coverage near 0 and 1 where the Wald interval fails.
 *
 * bothRight / onlyA / onlyB / bothWrong: the paired 2x2 table of correct answers.
 */
export function pairedDifferenceInterval(bothRight: number, onlyA: number, onlyB: number, bothWrong: number, level = 0.95): [number, number] | null {
  const n = bothRight + onlyA + onlyB + bothWrong;
  if (n === 0) return null;
  const pA = (bothRight + onlyA) / n;
  const pB = (bothRight + onlyB) / n;
  const [lA, uA] = wilsonInterval(bothRight + onlyA, n, level)!;
  const [lB, uB] = wilsonInterval(bothRight + onlyB, n, level)!;
  // Phi coefficient of the 2x2 table with Newcombe's continuity correction, which is what makes
  // this method 10 rather than method 8: a positive numerator ad - bc becomes max(ad - bc - n/2, 0).
  // Without it, two models that agree on nearly every image get phi near 1 and an interval far
  // too narrow. 0 when a margin is empty (the product is 0).
  const margins = (bothRight + onlyA) * (onlyB + bothWrong) * (bothRight + onlyB) * (onlyA + bothWrong);
  const cross = bothRight * bothWrong - onlyA * onlyB;
  const phi = margins === 0 ? 0 : (cross > 0 ? Math.max(cross - n / 2, 0) : cross) / Math.sqrt(margins);
  const diff = pA - pB;
  const lower = Math.sqrt(Math.max(0, (pA - lA) ** 2 - 2 * phi * (pA - lA) * (uB - pB) + (uB - pB) ** 2));
  const upper = Math.sqrt(Math.max(0, (uA - pA) ** 2 - 2 * phi * (uA - pA) * (pB - lB) + (pB - lB) ** 2));
  return [Math.max(-1, diff - lower), Math.min(1, diff + upper)];
}
