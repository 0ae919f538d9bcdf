// The plain float64 reference the AUC tests compare against (test code only).

/** AUC as the plain O(m·n) count over (positive, negative) pairs, ties ½. */
export function pairwiseAuc(scores: readonly number[], positive: readonly boolean[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!positive[i]) continue;
    for (let j = 0; j < scores.length; j++) {
      if (positive[j]) continue;
      pairs++;
      if (scores[i]! > scores[j]!) wins += 1;
      else if (scores[i] === scores[j]) wins += 0.5;
    }
  }
  return wins / pairs;
}
