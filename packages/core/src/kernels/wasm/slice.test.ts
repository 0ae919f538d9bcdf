import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compareWithCpu, randomTensor } from './test-support';
import { registerWasmTrainingKernels } from './register';
import '../../backend'; // registers tfjs's gradients (tfjs-core's Node build has none)

// [shape, begin, size]: long runs (copyWithin) and short ones (word loop), whole trailing axes
// merged into one run, rank 1 to 5, -1 sizes, a whole tensor and an empty slice.
const SLICES: Array<[number[], number[], number[]]> = [
  [[32, 65, 38], [0, 0, 6], [32, 65, 16]],
  [[4, 9, 70], [1, 2, 3], [2, 5, 60]],
  [[4, 9, 7], [1, 2, 3], [3, 6, 3]],
  [[6, 5, 4, 3], [2, 1, 0, 0], [3, 3, 4, 3]],
  [[3, 4, 5, 6, 7], [1, 0, 2, 1, 3], [2, 4, 2, 4, 4]],
  [[50], [7], [30]],
  [[5, 8], [2, 0], [-1, -1]],
  [[3, 4], [0, 0], [3, 4]],
  [[3, 4], [1, 2], [0, 2]],
];

// [shape, sizes, axis]
const SPLITS: Array<[number[], number[], number]> = [
  [[32, 65, 38], [6, 16, 16], 2],
  [[2, 40, 64], [32, 32], -1],
  [[7, 6, 5], [2, 4], 1],
  [[9, 4], [3, 1, 5], 0],
];

// [shapes, axis]: long runs and short ones (x_proj's dt/B/C), three inputs, axis 0 (one run
// each), rank 1, an empty input among others, and a negative axis.
const CONCATS: Array<[number[][], number]> = [
  [[[32, 65, 192], [32, 65, 192]], 2],
  [[[4, 50, 2], [4, 50, 8], [4, 50, 8]], -1],
  [[[3, 4, 5], [2, 4, 5]], 0],
  [[[6, 2, 7], [6, 5, 7]], 1],
  [[[7], [0], [9]], 0],
  [[[2, 3, 0], [2, 3, 4], [2, 3, 1]], 2],
];

describe('wasm Slice, SplitV and Concat overrides (copies inside the heap)', () => {
  beforeAll(() => registerWasmTrainingKernels());

  it.each(SLICES)('slice matches cpu: shape %o, begin %o, size %o', async (shape, begin, size) => {
    const { error, leaked } = await compareWithCpu(() => tf.slice(randomTensor(shape, 2), begin, size));
    expect(error).toBe(0);
    expect(leaked).toBe(0);
  });

  it.each(SPLITS)('split matches cpu: shape %o, sizes %o, axis %i', async (shape, sizes, axis) => {
    const { error, leaked } = await compareWithCpu(() => tf.split(randomTensor(shape, 3), sizes, axis));
    expect(error).toBe(0);
    expect(leaked).toBe(0);
  });

  it.each(CONCATS)('concat matches cpu: shapes %o, axis %i', async (shapes, axis) => {
    const { error, leaked } = await compareWithCpu(() => tf.concat(shapes.map((shape, i) => randomTensor(shape, 4 + i)), axis));
    expect(error).toBe(0);
    expect(leaked).toBe(0);
  });

  it('concatenates int32 and bool, keeps NaN payloads, and passes gradients back', async () => {
    await tf.setBackend('wasm');
    const ints = tf.concat([tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'), tf.tensor2d([[5], [6]], [2, 1], 'int32')], 1);
    expect(ints.dtype).toBe('int32');
    expect(Array.from(ints.dataSync())).toEqual([1, 2, 5, 3, 4, 6]);
    const bools = tf.concat([tf.tensor1d([1, 0], 'bool'), tf.tensor1d([0, 1, 1], 'bool')]);
    expect(Array.from(bools.dataSync())).toEqual([1, 0, 0, 1, 1]);
    const bits = new Int32Array([0x7fc01234, 0x7fc05678]);
    const nan = tf.tensor2d(new Float32Array(bits.buffer), [2, 1]);
    const joined = tf.concat([nan, tf.tensor2d([[1], [2]])], 1);
    expect(Array.from(new Int32Array((joined.dataSync() as Float32Array).buffer))).toEqual([0x7fc01234, 0x3f800000, 0x7fc05678, 0x40000000]);
    const [a, b] = [tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6], [2, 1])];
    const grads = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(tf.concat([p, q], 1), tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]))))([a, b]);
    expect(grads.map((g) => Array.from(g.dataSync()))).toEqual([[1, 2, 4, 5], [3, 6]]);
  });

  it('slices int32 and bool, keeps NaN payloads, and passes gradients back', async () => {
    await tf.setBackend('wasm');
    const ints = tf.tensor2d([[1, 2, 3], [4, 5, 6]], [2, 3], 'int32');
    expect(Array.from(tf.slice(ints, [0, 1], [2, 2]).dataSync())).toEqual([2, 3, 5, 6]);
    const bools = tf.tensor2d([[1, 0, 1], [0, 1, 1]], [2, 3], 'bool');
    expect(Array.from(tf.slice(bools, [1, 0], [1, 3]).dataSync())).toEqual([0, 1, 1]);
    expect(tf.split(bools, [1, 2], 1).map((t) => Array.from(t.dataSync()))).toEqual([[1, 0], [0, 1, 1, 1]]);
    const bits = new Int32Array([0x7fc01234, 1, 0x7fc05678, 3]);
    const nan = tf.tensor2d(new Float32Array(bits.buffer), [2, 2]);
    expect(Array.from(new Int32Array((tf.slice(nan, [0, 0], [2, 1]).dataSync() as Float32Array).buffer))).toEqual([0x7fc01234, 0x7fc05678]);
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.slice(t, [0, 1], [2, 2]), tf.tensor2d([1, 2, 3, 4], [2, 2]))))(x);
    expect(Array.from(g.dataSync())).toEqual([0, 1, 2, 0, 3, 4]);
  });
});
