import { Rng } from '@mambabench/random';

/**
 * Parameter initialisation draws from one seeded generator, like torch.manual_seed followed by
 * module construction: build a model inside `withInitSeed(seed, () => new Model())` and the same
 * seed gives the same weights on every backend.
 */
let current: Rng | null = null;

export function withInitSeed<T>(seed: number, build: () => T): T {
  const previous = current;
  current = new Rng(seed);
  try {
    return build();
  } finally {
    current = previous;
  }
}

export function initRng(): Rng {
  // Outside withInitSeed a fixed seed keeps ad-hoc construction (tests, scripts) deterministic.
  if (!current) current = new Rng(0);
  return current;
}
