import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { registerWasmTrainingKernels } from './register';
import { liveTensorBytes } from '../../memory';
import '../../backend'; // registers tfjs's gradients (tfjs-core's Node build has none)

describe('wasm Identity override (shared buffer)', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
  });

  it('clones without a copy, and either tensor outlives the other', () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const bytes = liveTensorBytes();
    const y = tf.clone(x);
    expect(liveTensorBytes()).toBe(bytes);
    expect(y.shape).toEqual([2, 3]);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    const z = tf.clone(y);
    y.dispose();
    expect(Array.from(z.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    z.dispose();
    expect(liveTensorBytes()).toBe(bytes - 24);
  });

  it('keeps int32 and bool values and passes gradients through', () => {
    expect(Array.from(tf.clone(tf.tensor1d([7, -8], 'int32')).dataSync())).toEqual([7, -8]);
    expect(Array.from(tf.clone(tf.tensor1d([1, 0], 'bool')).dataSync())).toEqual([1, 0]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.clone(t), tf.tensor1d([2, 3]))))(tf.tensor1d([5, 6]));
    expect(Array.from(g.dataSync())).toEqual([2, 3]);
  });

  it('leaves saved activations intact through a train-like gradient', () => {
    // Ops save their inputs (as clones) for backward; disposing the originals must not free them.
    const x = tf.tensor1d([0.5, -1, 2]);
    const before = tf.memory().numTensors;
    const g = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.tidy(() => tf.sum(tf.sigmoid(tf.mul(t, t)))))(x));
    const s = (v: number) => 1 / (1 + Math.exp(-v * v));
    const want = [0.5, -1, 2].map((v) => s(v) * (1 - s(v)) * 2 * v);
    Array.from(g.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
