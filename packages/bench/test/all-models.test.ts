import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initBackend, listModels, withInitSeed } from '@mambabench/core';
import { evalLogits, parametersWithoutGradient } from '@mambabench/core/testing';
import { loadModelPackages } from '../src/discover';

// timm-style: every variant any workspace package registers is built, run forward and backward on
// the default backend, and checked; a new package is covered without a new test.
await loadModelPackages();
const variants = listModels();
// 64 px: at 32 the last stage of several models is 1x1, a one-token scan in which A_log has no
// effect and so, correctly, no gradient. Batch 4 with unbalanced labels: with 2 samples a
// train-mode BatchNorm before pooling makes the pooled features exactly opposite and the head
// bias gradient cancels, and seeded drop-path could drop a branch for the whole batch.
const SIZE = 64;

describe('every registered model variant', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('discovers the model packages', () => {
    expect(variants.map((v) => v.name)).toContain('nnmamba3-scaled');
  });

  it.each(variants.map((v) => [v.name, v] as const))('%s: forward (train and eval), finite loss, a non-zero gradient for every parameter, no leak', (_, spec) => {
    const model = withInitSeed(1, () => spec.build({ numClasses: 2, imageSize: SIZE, inChannels: 3 }));
    if (spec.expectedParams) expect(model.numParams()).toBe(spec.expectedParams(SIZE));
    const before = tf.memory().numTensors;
    const x = tf.randomNormal([4, SIZE, SIZE, 3], 0, 1, 'float32', 7);
    const y = tf.tensor1d([0, 1, 1, 1], 'int32');
    const logits = tf.tidy(() => model.forward(x));
    expect(logits.shape).toEqual([4, 2]);
    logits.dispose();
    // Eval mode too: running BatchNorm statistics, no drop path.
    const evaluated = evalLogits(model, 4, SIZE, 7);
    expect(evaluated.shape).toEqual([4, 2]);
    expect(evaluated.values.every(Number.isFinite)).toBe(true);
    expect(parametersWithoutGradient(model, x, y)).toEqual([]);
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
