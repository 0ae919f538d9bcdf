import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { BatchNorm2d } from './batchnorm2d';
import { TEST_BACKENDS, useBackend, relError, randomArray } from '../testing/backends';

describe.each(TEST_BACKENDS)('BatchNorm2d on %s', (backend) => {
  it('normalises with batch stats in train mode and updates running stats like PyTorch', async () => {
    await useBackend(backend);
    const [b, h, w, c] = [3, 4, 5, 2];
    const x = randomArray(b * h * w * c, 3).map((v, i) => v * (1 + (i % c)) + (i % c));
    const bn = new BatchNorm2d(c);
    bn.weight.assign(tf.tensor1d([1.5, -0.5]));
    bn.bias.assign(tf.tensor1d([0.2, 0.1]));
    const y = bn.forward(tf.tensor4d(x, [b, h, w, c])).dataSync();
    const n = b * h * w;
    const expected = new Float64Array(x.length);
    const expMean: number[] = [];
    const expVar: number[] = [];
    for (let ch = 0; ch < c; ch++) {
      let mean = 0;
      for (let i = ch; i < x.length; i += c) mean += x[i] / n;
      let v = 0;
      for (let i = ch; i < x.length; i += c) v += (x[i] - mean) ** 2 / n;
      for (let i = ch; i < x.length; i += c) {
        expected[i] = ((x[i] - mean) / Math.sqrt(v + 1e-5)) * [1.5, -0.5][ch] + [0.2, 0.1][ch];
      }
      expMean.push(0.9 * 0 + 0.1 * mean);
      expVar.push(0.9 * 1 + 0.1 * (v * n) / (n - 1)); // unbiased variance in the running stat
    }
    expect(relError(y, expected)).toBeLessThan(1e-5);
    expect(relError(bn.runningMean.dataSync(), expMean)).toBeLessThan(1e-5);
    expect(relError(bn.runningVar.dataSync(), expVar)).toBeLessThan(1e-5);

    bn.eval();
    const ye = bn.forward(tf.tensor4d(x, [b, h, w, c])).dataSync();
    const expectedEval = Array.from(x, (v, i) => {
      const ch = i % c;
      return ((v - expMean[ch]) / Math.sqrt(expVar[ch] + 1e-5)) * [1.5, -0.5][ch] + [0.2, 0.1][ch];
    });
    expect(relError(ye, expectedEval)).toBeLessThan(1e-5);
    // eval mode leaves running statistics alone
    expect(relError(bn.runningMean.dataSync(), expMean)).toBeLessThan(1e-6);
    expect(bn.numParams()).toBe(2 * c);
    expect(bn.namedBuffers().map(([name]) => name)).toEqual(['running_mean', 'running_var']);
  });

  it('gradient of the train-mode output matches finite differences', async () => {
    await useBackend(backend);
    const bn = new BatchNorm2d(2);
    const x0 = randomArray(2 * 3 * 3 * 2, 11);
    const probe = randomArray(x0.length, 12);
    const f = (x: tf.Tensor) => tf.sum(tf.mul(bn.forward(x), tf.tensor4d(probe, [2, 3, 3, 2])));
    const g = tf.grad(f)(tf.tensor4d(x0, [2, 3, 3, 2])).dataSync();
    const eps = 1e-2;
    for (const i of [0, 5, 17, 30]) {
      const xp = Float32Array.from(x0); xp[i] += eps;
      const xm = Float32Array.from(x0); xm[i] -= eps;
      const fd = (f(tf.tensor4d(xp, [2, 3, 3, 2])).dataSync()[0] - f(tf.tensor4d(xm, [2, 3, 3, 2])).dataSync()[0]) / (2 * eps);
      expect(Math.abs(g[i] - fd)).toBeLessThan(2e-2 * Math.max(1, Math.abs(fd)));
    }
  });
});
