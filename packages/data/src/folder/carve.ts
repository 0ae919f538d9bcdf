/**
 * Carves a stratified, seeded validation set out of train (used when a tree has no valid/
 * folder and the caller passes validFraction). Per class, round(n * fraction) images are
 * drawn by a seeded permutation, keeping at least one image of every class in train; both
 * parts keep the original (sorted-path) order so the result does not depend on draw order.
 */
import { Rng, hashSeed } from '@mambabench/random';

export function carveValidIndices(labels: ArrayLike<number>, numClasses: number, fraction: number, seed: number): { train: number[]; valid: number[] } {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`validFraction must be in (0, 1), got ${fraction}`);
  const isValid = new Uint8Array(labels.length);
  for (let c = 0; c < numClasses; c++) {
    const members: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === c) members.push(i);
    const take = Math.min(Math.round(members.length * fraction), Math.max(members.length - 1, 0));
    // One stream per class: a class's draw does not change when another class gains images.
    const perm = new Rng(hashSeed(seed, c, 0xca7e)).permutation(members.length);
    for (let k = 0; k < take; k++) isValid[members[perm[k]]] = 1;
  }
  const train: number[] = [];
  const valid: number[] = [];
  for (let i = 0; i < labels.length; i++) (isValid[i] ? valid : train).push(i);
  if (valid.length === 0) {
    throw new Error(`validFraction ${fraction} of ${labels.length} training images leaves an empty valid split`);
  }
  return { train, valid };
}
