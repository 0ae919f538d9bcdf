import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { silu } from '../../nn/activations';
import { SILU_GRAD } from '../../nn/silu-grad-kernel';
import { registerWasmTrainingKernels } from './register';
import { siluGradConfig } from './silu-grad';
import { randomValues, relError, withoutKernel } from './test-support';

// Shapes: whole vectors, a tail past them (n % 4 = 3), fewer than 4 elements, one element, and
// one large enough to be split among threads where the backend has them.
const SHAPES = [[2, 65, 192], [1, 64, 131], [3], [1], [100_003]];

const bits = (t: tf.Tensor) => Array.from(new Uint32Array((t.dataSync() as Float32Array).slice().buffer));
/** How many values' bits differ (a count, so that a failure prints one number, not 100,003 values). */
const differing = (a: number[], b: number[]) => a.filter((v, i) => v !== b[i]).length + Math.abs(a.length - b.length);

/** x spread over the sigmoid's range (|x| up to 20) and the incoming gradient dy, both float32. */
function inputs(shape: number[], seed: number) {
  const n = shape.reduce((a, b) => a * b, 1);
  return { x: randomValues(n, seed).map((v) => v * 20), dy: randomValues(n, seed + 1) };
}

/** dL/dx of sum(f(x) * dy) for f = silu (ours) and for the plain composition tfjs would differentiate. */
function gradients(shape: number[], seed: number) {
  const { x, dy } = inputs(shape, seed);
  const [xt, dyt] = [tf.tensor(x, shape), tf.tensor(dy, shape)];
  const ours = tf.grad((t: tf.Tensor) => silu(t))(xt, dyt);
  const autodiff = tf.grad((t: tf.Tensor) => tf.mul(t, tf.sigmoid(t)))(xt, dyt);
  const value = silu(xt);
  const plainValue = tf.mul(xt, tf.sigmoid(xt));
  const out = { ours: bits(ours), autodiff: bits(autodiff), value: bits(value), plainValue: bits(plainValue), dx: ours.dataSync() as Float32Array, x, dy };
  tf.dispose([xt, dyt, ours, autodiff, value, plainValue]);
  return out;
}

describe('SiLU gradient as one kernel on wasm (assembly/silu-grad.ts)', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    expect(await tf.setBackend('wasm')).toBe(true);
    expect(tf.getKernel(SILU_GRAD, 'wasm')).toBeDefined();
  });

  it.each(SHAPES.map((shape) => [shape]))('gives the bits of tfjs\'s autodiff of x * sigmoid(x), fused and composed: %j', (shape) => {
    const fused = gradients(shape, 3);
    expect(differing(fused.ours, fused.autodiff), 'fused gradient').toBe(0);
    expect(differing(fused.value, fused.plainValue), 'value').toBe(0);
    const composed = withoutKernel(siluGradConfig, () => gradients(shape, 3));
    expect(differing(composed.ours, fused.autodiff), 'composed gradient').toBe(0);
  });

  it('matches a float64 loop of d/dx x * sigmoid(x)', () => {
    const { dx, x, dy } = gradients([1, 64, 131], 5);
    const expected = Float64Array.from(x, (v, i) => {
      const s = 1 / (1 + Math.exp(-v));
      return dy[i] * s * (1 + v * (1 - s));
    });
    expect(relError(dx, expected)).toBeLessThan(1e-6);
  });

  it('runs the fused kernel (not the composed ops) and leaves no tensors behind', () => {
    const x = tf.tensor(randomValues(4096, 9));
    const dy = tf.tensor(randomValues(4096, 10));
    const grad = tf.grad((t: tf.Tensor) => silu(t));
    tf.dispose(grad(x, dy));
    const before = tf.memory().numTensors;
    const kernels: string[] = [];
    const profiled = tf.profile(() => { tf.dispose(grad(x, dy)); });
    return profiled.then((info) => {
      for (const k of info.kernels) kernels.push(k.name);
      expect(kernels).toContain(SILU_GRAD);
      expect(kernels.filter((k) => k === 'Multiply')).toHaveLength(1); // the forward's x * s only
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, dy]);
    });
  });

  it('refuses inputs of other shapes or dtypes, naming the input', () => {
    const [a, b, c] = [tf.zeros([4, 3]), tf.zeros([4, 3]), tf.zeros([3, 4])];
    expect(() => tf.engine().runKernel(SILU_GRAD, { dy: a, x: b, s: c })).toThrow(/MambabenchSiluGrad: s must be float32 of shape \[4,3\], got float32 \[3,4\]/);
    const i = tf.zeros([4, 3], 'int32');
    expect(() => tf.engine().runKernel(SILU_GRAD, { dy: i, x: b, s: a })).toThrow(/dy must be float32/);
    tf.dispose([a, b, c, i]);
  });

  it('composes the same bits on the cpu backend, which has no fused kernel', async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    try {
      expect(tf.getKernel(SILU_GRAD, 'cpu')).toBeUndefined();
      const g = gradients([1, 64, 131], 7);
      expect(differing(g.ours, g.autodiff)).toBe(0);
    } finally {
      expect(await tf.setBackend('wasm')).toBe(true);
    }
  });
});
