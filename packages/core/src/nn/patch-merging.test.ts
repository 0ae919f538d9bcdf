import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { PatchMerging, patchMerge2x2 } from './patch-merging';
import { TEST_BACKENDS, useBackend, randomArray, relError } from '../testing/backends';

/** PyTorch's cat([x[0::2,0::2], x[1::2,0::2], x[0::2,1::2], x[1::2,1::2]], -1) as loops. */
function mergeRef(x: Float32Array, [b, h, w, c]: number[], odd: 'pad' | 'truncate'): { out: Float32Array; shape: number[] } {
  const [h2, w2] = odd === 'pad' ? [Math.ceil(h / 2), Math.ceil(w / 2)] : [Math.floor(h / 2), Math.floor(w / 2)];
  const out = new Float32Array(b * h2 * w2 * 4 * c);
  const offsets = [[0, 0], [1, 0], [0, 1], [1, 1]];
  for (let n = 0; n < b; n++) for (let i = 0; i < h2; i++) for (let j = 0; j < w2; j++) {
    offsets.forEach(([di, dj], q) => {
      const [r, s] = [2 * i + di, 2 * j + dj];
      for (let ch = 0; ch < c; ch++) {
        const v = r < h && s < w ? x[((n * h + r) * w + s) * c + ch] : 0;
        out[((n * h2 + i) * w2 + j) * 4 * c + q * c + ch] = v;
      }
    });
  }
  return { out, shape: [b, h2, w2, 4 * c] };
}

const SHAPES: [number, number, number, number][] = [[2, 4, 6, 3], [1, 2, 2, 1], [3, 8, 4, 5], [1, 5, 7, 2]];

describe.each(TEST_BACKENDS)('patchMerge2x2 on %s', (backend) => {
  it.each(SHAPES)('matches the strided-slice concat for [%i, %i, %i, %i]', async (...shape) => {
    await useBackend(backend);
    const x = randomArray(shape.reduce((a, v) => a * v, 1), 3);
    for (const odd of ['pad', 'truncate'] as const) {
      const ref = mergeRef(x, shape, odd);
      const y = patchMerge2x2(tf.tensor4d(x, shape), odd);
      expect(y.shape).toEqual(ref.shape);
      expect(Array.from(y.dataSync())).toEqual(Array.from(ref.out));
    }
  });
});

describe('PatchMerging', () => {
  it('has PyTorch names and counts: reduction (4C x 2C, no bias), norm (4C)', () => {
    const m = new PatchMerging(96);
    expect(m.namedParameters().map(([n, p]) => [n, p.variable.shape])).toEqual([
      ['reduction.weight', [384, 192]], ['norm.weight', [384]], ['norm.bias', [384]],
    ]);
    expect(m.numParams()).toBe(384 * 192 + 2 * 384);
  });

  it('is LayerNorm then Linear on the 2x2 concat, with gradients for every parameter', async () => {
    await useBackend('cpu');
    const m = new PatchMerging(3);
    const x = tf.tensor4d(randomArray(2 * 4 * 4 * 3, 9), [2, 4, 4, 3]);
    const cat = patchMerge2x2(x);
    const { mean, variance } = tf.moments(cat, -1, true);
    const want = tf.matMul(tf.reshape(tf.div(tf.sub(cat, mean), tf.sqrt(tf.add(variance, 1e-5))), [-1, 12]), m.reduction.weight);
    const got = m.forward(x);
    expect(got.shape).toEqual([2, 2, 2, 6]);
    expect(relError(got.dataSync(), want.dataSync())).toBeLessThan(1e-5);
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(m.forward(x))) as tf.Scalar, m.trainableVariables());
    for (const g of Object.values(grads)) expect(tf.max(tf.abs(g)).dataSync()[0]).toBeGreaterThan(0);
  });
});
