import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, listModels } from '@mambabench/core';
import { variantProblems } from '@mambabench/core/testing';
import { loadModelPackages } from '../src/discover';

// timm-style: every variant any workspace package registers is built, run forward (train and eval)
// and backward on the default backend, and checked; a new package is covered without a new test.
await loadModelPackages();
const variants = listModels();

describe('every registered model variant', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('discovers the model packages', () => {
    expect(variants.map((v) => v.name)).toContain('nnmamba3-scaled');
  });

  it.each(variants.map((v) => [v.name, v] as const))('%s: its parameter count, train and eval logits, finite loss, a non-zero gradient for every parameter, no leak', (_, spec) => {
    expect(variantProblems(spec, 64)).toEqual([]);
  });
});
