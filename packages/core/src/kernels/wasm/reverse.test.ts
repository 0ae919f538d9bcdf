import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compareWithCpu, randomTensor } from './test-support';
import { registerWasmTrainingKernels } from './register';
import '../../backend'; // registers tfjs's gradients (tfjs-core's Node build has none)

// [shape, axes]: the cross-scan's token flip, first/last axes, negative and size-1 axes, several
// axes, rows under 16 elements (element loop) and from 16 up (copyWithin).
const CASES: Array<[number[], number | number[]]> = [
  [[4, 37, 6], 1],
  [[5, 9], 0],
  [[3, 11], 1],
  [[2, 3, 7, 5], -2],
  [[6, 1, 4], [1, 2]],
  [[3, 4, 5], [0, 2]],
  [[17], 0],
  // Rows of 16 elements and more move with copyWithin.
  [[3, 20, 40], 1],
  [[2, 9, 16], -2],
  [[11, 64], 0],
];

describe('wasm Reverse override', () => {
  beforeAll(() => registerWasmTrainingKernels());

  it.each(CASES)('matches cpu: shape %o, axes %o', async (shape, axes) => {
    const { error, leaked } = await compareWithCpu(() => tf.reverse(randomTensor(shape, 3), axes));
    expect(error).toBe(0);
    expect(leaked).toBe(0);
  });

  it('flips int32 tensors and passes gradients through', async () => {
    await tf.setBackend('wasm');
    expect(Array.from(tf.reverse(tf.tensor2d([[1, 2, 3], [4, 5, 6]], [2, 3], 'int32'), 1).dataSync())).toEqual([3, 2, 1, 6, 5, 4]);
    const x = tf.tensor3d([1, 2, 3, 4, 5, 6], [1, 3, 2]);
    const w = tf.tensor3d([10, 20, 30, 40, 50, 60], [1, 3, 2]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.reverse(t, 1), w)))(x);
    expect(Array.from(g.dataSync())).toEqual([50, 60, 30, 40, 10, 20]);
  });
});
