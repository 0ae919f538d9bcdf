import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { registerWasmTrainingKernels } from './register';
import { liveTensorBytes } from '../../memory';
import '../../backend'; // registers tfjs's gradients (tfjs-core's Node build has none)

describe('wasm Cast override (same dtype shares the buffer)', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
  });

  it('casts to the same dtype without a copy, and either tensor outlives the other', () => {
    const x = tf.tensor1d([1.5, -2, 3]);
    const bytes = liveTensorBytes();
    const y = tf.cast(x, 'float32');
    expect(liveTensorBytes()).toBe(bytes);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1.5, -2, 3]);
    y.dispose();
    expect(liveTensorBytes()).toBe(bytes - 12);
  });

  it('converts between dtypes; to bool means non-zero (the stock kernel wrote 3, 0, 255 here)', () => {
    expect(Array.from(tf.cast(tf.tensor1d([1.7, -2.2, 0]), 'int32').dataSync())).toEqual([1, -2, 0]);
    expect(Array.from(tf.cast(tf.tensor1d([3, 0, -1, 256], 'int32'), 'bool').dataSync())).toEqual([1, 0, 1, 1]);
    expect(Array.from(tf.cast(tf.tensor1d([0.5, 0, NaN, -0]), 'bool').dataSync())).toEqual([1, 0, 1, 0]);
    expect(Array.from(tf.cast(tf.tensor1d([1, 0], 'bool'), 'float32').dataSync())).toEqual([1, 0]);
    expect(Array.from(tf.cast(tf.tensor1d([7, 8], 'int32'), 'int32').dataSync())).toEqual([7, 8]);
  });

  it('keeps Multiply gradients (which cast both operands) right and leak-free', () => {
    const a = tf.tensor1d([1, 2, 3]);
    const b = tf.tensor1d([4, 5, 6]);
    const before = tf.memory().numTensors;
    const [ga, gb] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(p, q)))([a, b]);
    expect(Array.from(ga.dataSync())).toEqual([4, 5, 6]);
    expect(Array.from(gb.dataSync())).toEqual([1, 2, 3]);
    tf.dispose([ga, gb]);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(a.dataSync())).toEqual([1, 2, 3]);
  });
});
