import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients (the @tensorflow/tfjs bundle does); tf.grad needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { compareWithCpu, randomTensor, type Pad } from './test-support';
import { registerWasmTrainingKernels } from './register';

/** d(sum(f(x, w) * probe))/d[x, w]: both gradients of one op through the public tf.grads path. */
function grads(f: (x: tf.Tensor, w: tf.Tensor) => tf.Tensor, xShape: number[], wShape: number[]): tf.Tensor[] {
  const x = randomTensor(xShape, 1);
  const w = randomTensor(wShape, 2);
  const probeShape = tf.tidy(() => f(x, w).shape);
  const probe = randomTensor(probeShape, 3);
  return tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), probe)))([x, w]);
}

const CONVS: Array<[string, number[], number, number, Pad]> = [
  ['3x3 s1 same', [2, 9, 8, 3], 3, 1, 'same'],
  ['3x3 s2 explicit 1', [3, 10, 10, 4], 3, 2, [[0, 0], [1, 1], [1, 1], [0, 0]]],
  ['3x3 s3 valid', [2, 11, 10, 2], 3, 3, 'valid'],
  ['4x4 s2 same', [2, 9, 7, 3], 4, 2, 'same'],
  ['1x1 s2 valid', [2, 7, 7, 3], 1, 2, 'valid'],
];

describe('tf.grads through the composed wasm kernels matches cpu', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    registerWasmTrainingKernels(); // after the backend is up: the other order is in register.test
  });

  it.each(CONVS)('conv2d %s', async (_, xShape, k, s, pad) => {
    const { error, leaked } = await compareWithCpu(() =>
      grads((x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad), xShape, [k, k, xShape[3], 5]));
    expect(error).toBeLessThan(1e-4);
    expect(leaked).toBe(0);
  });

  it.each(CONVS)('depthwiseConv2d %s', async (_, xShape, k, s, pad) => {
    const { error, leaked } = await compareWithCpu(() =>
      grads((x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad), xShape, [k, k, xShape[3], 2]));
    expect(error).toBeLessThan(1e-4);
    expect(leaked).toBe(0);
  });

  it.each([[false, false], [true, false], [false, true], [true, true]])(
    'matMul transposeA=%s transposeB=%s', async (ta, tb) => {
      const { error, leaked } = await compareWithCpu(() =>
        grads((a, b) => tf.matMul(a, b, ta, tb), ta ? [6, 3, 5] : [6, 5, 3], tb ? [6, 4, 3] : [6, 3, 4]));
      expect(error).toBeLessThan(1e-4);
      expect(leaked).toBe(0);
    });

  it('a small conv net: conv s2 -> relu -> depthwise -> dense, via variableGrads, without leaks', async () => {
    const step = () => {
      const w1 = tf.variable(randomTensor([3, 3, 3, 8], 4));
      const w2 = tf.variable(randomTensor([3, 3, 8, 1], 5));
      const w3 = tf.variable(randomTensor([8 * 4 * 4, 10], 6));
      const x = randomTensor([4, 8, 8, 3], 7) as tf.Tensor4D;
      const { value, grads: g } = tf.variableGrads(() => {
        const h1 = tf.relu(tf.conv2d(x, w1 as tf.Variable<tf.Rank.R4>, 2, [[0, 0], [1, 1], [1, 1], [0, 0]]));
        const h2 = tf.depthwiseConv2d(h1, w2 as tf.Variable<tf.Rank.R4>, 1, 'same');
        return tf.sum(tf.square(tf.matMul(tf.reshape(h2, [4, -1]), w3)));
      });
      const out = [value, g[w1.name], g[w2.name], g[w3.name]];
      tf.dispose([w1, w2, w3]);
      return out;
    };
    const { error, leaked } = await compareWithCpu(step);
    expect(error).toBeLessThan(1e-4);
    expect(leaked).toBe(0);
  });
});
