import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { silu, siluGate } from './activations';
import { TEST_BACKENDS, useBackend, relError, randomArray } from '../testing/backends';

const sig = (v: number) => 1 / (1 + Math.exp(-v));

describe.each(TEST_BACKENDS)('fused SiLU ops on %s', (backend) => {
  const xs = Float32Array.from(randomArray(60, 5), (v) => 4 * v);
  const ys = Float32Array.from(randomArray(60, 6));
  const probe = Float32Array.from(randomArray(60, 7));

  it('silu and its gradient match float64 formulas', async () => {
    await useBackend(backend);
    const x = tf.tensor2d(xs, [6, 10]);
    expect(relError(silu(x).dataSync(), Array.from(xs, (v) => v * sig(v)))).toBeLessThan(1e-6);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(silu(t), tf.tensor2d(probe, [6, 10]))))(x).dataSync();
    expect(relError(g, Array.from(xs, (v, i) => probe[i] * sig(v) * (1 + v * (1 - sig(v)))))).toBeLessThan(1e-5);
  });

  it('siluGate(y, z) = y * silu(z) with both gradients, checked by central differences', async () => {
    await useBackend(backend);
    const f = (y: tf.Tensor, z: tf.Tensor) => tf.sum(tf.mul(siluGate(y, z), tf.tensor2d(probe, [6, 10])));
    const [y, z] = [tf.tensor2d(ys, [6, 10]), tf.tensor2d(xs, [6, 10])];
    expect(relError(siluGate(y, z).dataSync(), Array.from(xs, (v, i) => ys[i] * v * sig(v)))).toBeLessThan(1e-6);
    const [gy, gz] = tf.grads(f)([y, z]).map((g) => g.dataSync());
    const loss64 = (yy: ArrayLike<number>, zz: ArrayLike<number>) => Array.from(zz).reduce((s, v, i) => s + probe[i] * yy[i] * v * sig(v), 0);
    const h = 1e-4;
    for (const i of [0, 17, 59]) {
      const bump = (arr: Float32Array, d: number) => Array.from(arr, (v, j) => (j === i ? v + d : v));
      expect(Math.abs(gy[i] - (loss64(bump(ys, h), xs) - loss64(bump(ys, -h), xs)) / (2 * h))).toBeLessThan(1e-4);
      expect(Math.abs(gz[i] - (loss64(ys, bump(xs, h)) - loss64(ys, bump(xs, -h))) / (2 * h))).toBeLessThan(1e-4);
    }
  });
});
