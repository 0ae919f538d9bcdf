import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compareWithCpu, randomValues, runOn } from './test-support';
import { registerWasmTrainingKernels } from './register';
import '../../backend'; // registers tfjs's gradients (tfjs-core's Node build has none)

/** tfjs's softplus regimes in float64 (t = log(float32 epsilon) + 2). */
function softplus64(x: number): number {
  const t = Math.log(1.1920928955078125e-7) + 2;
  if (x > -t) return x;
  if (x < t) return Math.exp(x);
  return Math.log1p(Math.exp(x));
}

describe('wasm Softplus override (SIMD)', () => {
  beforeAll(() => registerWasmTrainingKernels());

  it('matches a float64 loop to 2e-7 relative on every regime, odd lengths included', async () => {
    // Both thresholds from either side, the log1p range (tiny exp(x) included), and random values.
    const edges = [-100, -87, -30, -14, -13.9424, -13.9423, -13, -5, -1e-3, 0, 1e-3, 0.5, 1, 3, 10, 13.9423, 13.9424, 14, 30, 88];
    const random = Array.from(randomValues(1001, 7), (v) => v * 20);
    const values = Float32Array.from([...edges, ...random]);
    const { values: [got], leaked } = await runOn('wasm', () => tf.softplus(tf.tensor1d(values)));
    expect(leaked).toBe(0);
    values.forEach((v, i) => {
      const want = softplus64(v);
      // Below -87 exp is clamped there (~1.6e-38): absolute error under 2e-38.
      const tolerance = Math.max(2e-7 * Math.abs(want), v < -87 ? 2e-38 : 1e-44);
      expect(Math.abs(got[i] - want), `softplus(${v})`).toBeLessThanOrEqual(tolerance);
    });
  });

  it('matches cpu on a (2, 37, 5) tensor and keeps tfjs\'s gradient', async () => {
    const x = () => tf.tensor3d(Array.from(randomValues(370, 3), (v) => v * 16), [2, 37, 5]);
    const { error } = await compareWithCpu(() => tf.softplus(x()));
    expect(error).toBeLessThan(1e-6);
    const grads = await compareWithCpu(() => tf.grad((t: tf.Tensor) => tf.sum(tf.softplus(t)))(x()));
    expect(grads.error).toBeLessThan(1e-6);
  });
});
