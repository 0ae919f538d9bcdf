import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { RMSNorm } from './rms-norm';
import { TEST_BACKENDS, useBackend, relError, randomArray } from '../testing/backends';

/** x / sqrt(mean(x^2) + eps) * w per row of the last axis, in float64. */
function rmsNormRef(x: Float32Array, w: Float32Array, eps: number): Float64Array {
  const d = w.length;
  const out = new Float64Array(x.length);
  for (let r = 0; r < x.length / d; r++) {
    let ss = 0;
    for (let i = 0; i < d; i++) ss += x[r * d + i] ** 2;
    const inv = 1 / Math.sqrt(ss / d + eps);
    for (let i = 0; i < d; i++) out[r * d + i] = x[r * d + i] * inv * w[i];
  }
  return out;
}

describe.each(TEST_BACKENDS)('RMSNorm on %s', (backend) => {
  it('normalises each token by its root mean square and scales by the weight', async () => {
    await useBackend(backend);
    const norm = new RMSNorm(6);
    const w = randomArray(6, 3).map((v) => 1 + v);
    norm.weight.assign(tf.tensor1d(w));
    // Scaled input so eps matters in some rows but not others.
    const x = randomArray(2 * 5 * 6, 4).map((v, i) => v * (i < 6 ? 1e-3 : 3));
    for (const eps of [1e-5, 1e-2]) {
      const y = new RMSNorm(6, eps);
      y.weight.assign(norm.weight);
      const out = y.forward(tf.tensor3d(x, [2, 5, 6]));
      expect(out.shape).toEqual([2, 5, 6]);
      expect(relError(out.dataSync(), rmsNormRef(x, w, eps))).toBeLessThan(1e-5);
    }
  });

  it('has one weight of size d initialised to 1 and no bias', async () => {
    await useBackend(backend);
    const norm = new RMSNorm(192);
    expect(norm.namedParameters().map(([n]) => n)).toEqual(['weight']);
    expect(norm.numParams()).toBe(192);
    expect(Array.from(norm.weight.dataSync()).every((v) => v === 1)).toBe(true);
  });

  it('has gradients matching a central difference', async () => {
    await useBackend(backend);
    const norm = new RMSNorm(4);
    const x = tf.tensor2d(randomArray(12, 9), [3, 4]);
    const r = tf.tensor2d(randomArray(12, 10), [3, 4]);
    const f = (v: tf.Tensor) => tf.sum(tf.mul(norm.forward(v), r));
    const g = tf.grad(f)(x);
    const dir = tf.tensor2d(randomArray(12, 11), [3, 4]);
    const h = 1e-2;
    const numeric = (f(tf.add(x, tf.mul(dir, h))).dataSync()[0] - f(tf.sub(x, tf.mul(dir, h))).dataSync()[0]) / (2 * h);
    const analytic = tf.sum(tf.mul(g, dir)).dataSync()[0];
    expect(Math.abs(numeric - analytic)).toBeLessThan(1e-3 * Math.max(1, Math.abs(analytic)));
  });
});
