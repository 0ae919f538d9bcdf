import { binomialCdf } from './binomial.ts';

/** The discordant pairs of two classifiers scored on the same images. */
export interface Discordant {
  /** Images A got right and B got wrong. */
  onlyA: number;
  /** Images B got right and A got wrong. */
  onlyB: number;
  n: number;
}

export function discordantPairs(correctA: ArrayLike<boolean | number>, correctB: ArrayLike<boolean | number>): Discordant {
  if (correctA.length !== correctB.length) throw new RangeError(`paired predictions differ in length: ${correctA.length} vs ${correctB.length}`);
  let onlyA = 0;
  let onlyB = 0;
  for (let i = 0; i < correctA.length; i++) {
    const a = !!correctA[i];
    const b = !!correctB[i];
    if (a && !b) onlyA++;
    else if (b && !a) onlyB++;
  }
  return { onlyA, onlyB, n: correctA.length };
}

/**
 * Exact (binomial) McNemar test of equal accuracy for paired predictions: under the null each
 * discordant image is equally likely to favour either model, so min(b, c) is Binomial(b + c, ½).
 * Two-sided p = min(1, 2 P(X <= min(b, c))); 1 when no image is discordant.
 */
export function exactMcNemarP(onlyA: number, onlyB: number): number {
  const m = onlyA + onlyB;
  if (m === 0) return 1;
  return Math.min(1, 2 * binomialCdf(Math.min(onlyA, onlyB), m, 0.5));
}
