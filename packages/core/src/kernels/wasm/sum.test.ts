import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compareWithCpu, randomTensor } from './test-support';
import { registerWasmTrainingKernels } from './register';
import { leadingAxesReduced } from './sum';
import '../../backend'; // registers tfjs's gradients (tfjs-core's Node build has none)

// [shape, axes, keepDims]: leading axes (the product path) in any order and with negative
// indices, then reductions the stock kernel keeps (trailing, mixed, all).
const CASES: Array<[number[], number | number[], boolean]> = [
  [[32, 65, 24], [0, 1], false],
  [[7, 5, 3, 4], [1, 0, 2], true],
  [[9, 13], 0, false],
  [[6, 4, 5], [-3, -2], false],
  [[6, 4, 5], [2], false],
  [[6, 4, 5], [0, 2], true],
  [[6, 4, 5], [0, 1, 2], false],
];

describe('wasm Sum override (leading axes as column sums on the heap)', () => {
  beforeAll(() => registerWasmTrainingKernels());

  it('recognises leading-axis reductions only', () => {
    expect(leadingAxesReduced([0, 1], 3)).toBe(2);
    expect(leadingAxesReduced([1, 0], 3)).toBe(2);
    expect(leadingAxesReduced([0, 1, 2], 3)).toBe(0);
    expect(leadingAxesReduced([1, 2], 3)).toBe(0);
    expect(leadingAxesReduced([0, 2], 3)).toBe(0);
  });

  it.each(CASES)('matches cpu: shape %o, axes %o, keepDims %s', async (shape, axes, keepDims) => {
    const { error, leaked } = await compareWithCpu(() => tf.sum(randomTensor(shape, 4), axes, keepDims));
    expect(error).toBeLessThan(1e-5);
    expect(leaked).toBe(0);
  });

  // The product with a ones row on XNNPACK summed these before (one float32 accumulator per
  // column, rows in order); the column sums must give its bits, or stored runs would change.
  it.each([[[2080, 192]], [[32, 1, 65, 192]], [[32, 1024, 32]], [[5, 7, 13]], [[3000, 3]], [[64, 21]]])('gives the bits of ones . x on XNNPACK: %o', async (shape) => {
    await tf.setBackend('wasm');
    const x = randomTensor(shape, 9);
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const cols = shape[shape.length - 1];
    const sum = tf.sum(x, shape.slice(0, -1).map((_, i) => i));
    const product = tf.matMul(tf.ones([1, rows]), tf.reshape(x, [rows, cols]));
    expect(Array.from(sum.dataSync())).toEqual(Array.from(product.dataSync()));
    tf.dispose([x, sum, product]);
  });

  it('keeps shapes and int32 sums, allocates only its output, and passes gradients back', async () => {
    await tf.setBackend('wasm');
    expect(tf.sum(tf.ones([3, 4, 5]), [0, 1], true).shape).toEqual([1, 1, 5]);
    expect(Array.from(tf.sum(tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'), 0).dataSync())).toEqual([4, 6]);
    const x = randomTensor([8, 6, 3], 5);
    const before = tf.engine().backend.numDataIds();
    const s = tf.sum(x, [0, 1]);
    expect(tf.engine().backend.numDataIds()).toBe(before + 1);
    s.dispose();
    const w = tf.tensor1d([1, 2, 3]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.sum(t, [0, 1]), w)))(x);
    expect(g.shape).toEqual([8, 6, 3]);
    expect(Array.from(g.dataSync().slice(0, 6))).toEqual([1, 2, 3, 1, 2, 3]);
  });
});
