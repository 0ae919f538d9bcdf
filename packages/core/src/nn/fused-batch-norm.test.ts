import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { BatchNorm2d } from './batchnorm2d';
import { fusedBatchNormApplies } from './fused-batch-norm';
import { TEST_BACKENDS, useBackend, relError, randomArray } from '../testing/backends';

/** Float64 batch norm over rows of (M, C) and its gradient for a loss sum(y * probe), written plainly. */
function reference64(x: Float32Array, probe: Float32Array, gamma: number[], beta: number[], C: number, eps = 1e-5) {
  const M = x.length / C;
  const y = new Float64Array(x.length);
  const dx = new Float64Array(x.length);
  const dgamma: number[] = [];
  const dbeta: number[] = [];
  const variances: number[] = [];
  const means: number[] = [];
  for (let c = 0; c < C; c++) {
    let mean = 0;
    for (let m = 0; m < M; m++) mean += x[m * C + c];
    mean /= M;
    let v = 0;
    for (let m = 0; m < M; m++) v += (x[m * C + c] - mean) ** 2;
    v /= M;
    const inv = 1 / Math.sqrt(v + eps);
    let sumG = 0;
    let sumGX = 0;
    for (let m = 0; m < M; m++) {
      const xh = (x[m * C + c] - mean) * inv;
      y[m * C + c] = xh * gamma[c] + beta[c];
      sumG += probe[m * C + c];
      sumGX += probe[m * C + c] * xh;
    }
    for (let m = 0; m < M; m++) {
      const xh = (x[m * C + c] - mean) * inv;
      dx[m * C + c] = ((gamma[c] * inv) / M) * (M * probe[m * C + c] - sumG - xh * sumGX);
    }
    dgamma.push(sumGX);
    dbeta.push(sumG);
    means.push(mean);
    variances.push(v);
  }
  return { y, dx, dgamma, dbeta, means, variances, M };
}

const FUSED_BACKENDS = TEST_BACKENDS.filter((b) => b === 'wasm' || b === 'cpu');

describe.each(FUSED_BACKENDS)('fused BatchNorm2d (WebAssembly kernel) on %s', (backend) => {
  const shape = [3, 5, 7, 8] as const;
  const C = shape[3];
  // Channels with different offsets and scales, one far from zero (mean 300, std 0.5) to catch
  // a one-pass variance's cancellation.
  const x = Float32Array.from(randomArray(3 * 5 * 7 * C, 3), (v, i) => (i % C === 5 ? 300 + 0.5 * v : v * (1 + (i % C)) + (i % C)));
  const probe = Float32Array.from(randomArray(x.length, 4));
  const gamma = Array.from({ length: C }, (_, c) => 1.5 - 0.4 * c);
  const beta = Array.from({ length: C }, (_, c) => 0.1 * c);

  const run = (fused: boolean) => {
    const bn = new BatchNorm2d(C);
    bn.fused = fused;
    bn.weight.assign(tf.tensor1d(gamma));
    bn.bias.assign(tf.tensor1d(beta));
    const xt = tf.tensor4d(x, [...shape]);
    const probeT = tf.tensor4d(probe, [...shape]);
    const y = bn.forward(xt).dataSync();
    const f = (xx: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => {
      bn.weight.assign(w as tf.Tensor1D);
      bn.bias.assign(b as tf.Tensor1D);
      return tf.sum(tf.mul(bn.forward(xx), probeT));
    };
    const { grads } = tf.variableGrads(() => f(xt, bn.weight, bn.bias) as tf.Scalar, [bn.weight, bn.bias]);
    const dx = tf.grad((xx: tf.Tensor) => f(xx, bn.weight, bn.bias))(xt).dataSync();
    return { y, dx, dgamma: grads[bn.weight.name].dataSync(), dbeta: grads[bn.bias.name].dataSync(), bn };
  };

  it('applies for channel counts that are multiples of 4 only', async () => {
    await useBackend(backend);
    expect(fusedBatchNormApplies(8)).toBe(true);
    expect(fusedBatchNormApplies(6)).toBe(false);
  });

  it('forward, running statistics and gradients match a float64 reference', async () => {
    await useBackend(backend);
    const ref = reference64(x, probe, gamma, beta, C);
    const got = run(true);
    // The mean-300 channel's mean is held in float32 (ulp 3e-5), which bounds y's error.
    expect(relError(got.y, ref.y)).toBeLessThan(5e-5);
    expect(relError(got.dx, ref.dx)).toBeLessThan(1e-4);
    expect(relError(got.dgamma, ref.dgamma)).toBeLessThan(1e-4); // same float32 mean
    expect(relError(got.dbeta, ref.dbeta)).toBeLessThan(1e-5);
    // Three forward calls ran (one plain, two under the gradient functions): momentum 0.1 each.
    const expMean = ref.means.map((m) => m * (1 - 0.9 ** 3));
    const expVar = ref.variances.map((v) => 0.9 ** 3 + (v * ref.M) / (ref.M - 1) * (1 - 0.9 ** 3));
    expect(relError(got.bn.runningMean.dataSync(), expMean)).toBeLessThan(1e-5);
    expect(relError(got.bn.runningVar.dataSync(), expVar)).toBeLessThan(1e-5);
  });

  it('agrees with the composed-op path', async () => {
    await useBackend(backend);
    const fused = run(true);
    const composed = run(false);
    for (const k of ['y', 'dx', 'dgamma', 'dbeta'] as const) expect(relError(fused[k], composed[k]), k).toBeLessThan(1e-4);
  });

  it('leaks no tensors across train steps', async () => {
    await useBackend(backend);
    const bn = new BatchNorm2d(C);
    const xt = tf.tensor4d(x, [...shape]);
    const step = () => tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(bn.forward(xt))) as tf.Scalar, [bn.weight, bn.bias]);
      value.dataSync();
      Object.values(grads).forEach((g) => g.dataSync());
    });
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(before);
  });
});
