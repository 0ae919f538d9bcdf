/**
 * Mixes any number of integers into one 32-bit seed, so that every (seed, purpose, index, ...)
 * tuple gets its own stream: e.g. image i of a split never depends on how many images came
 * before it, and the shuffle never shares a stream with augmentation.
 *
 * Each part is folded in by its low 32 bits after flooring, then avalanched with murmur3's
 * 32-bit finaliser; the order of the parts matters. This is the hash weight init, shuffling
 * and augmentation have always been seeded with, so it must not change: checkpoints and runs
 * are reproduced from it.
 */
export function hashSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h ^= Math.floor(p) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}
