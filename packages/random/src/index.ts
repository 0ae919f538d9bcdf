// Public API of @mambabench/random: the one seeded generator and seed hash (no dependencies).
export { Rng, type RngState } from './rng.ts';
export { hashSeed } from './hash-seed.ts';
