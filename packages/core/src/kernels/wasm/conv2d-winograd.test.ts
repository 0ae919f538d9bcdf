import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { randomValues, relError } from './test-support';
import { registerWasmTrainingKernels } from './register';
import { conv2dWinograd, winogradApplies, winogradFits } from './conv2d-winograd';
import type { WasmHeapBackend } from '../../wasm/tensor-io';

type Padding = [[0, 0], [number, number], [number, number], [0, 0]];

/** The conv in float64, plainly: y[n, i, j, o] = sum over (r, s, c) of x[n, i+r-top, j+s-left, c] g[r, s, c, o]. */
function conv3x3Float64(x: Float32Array, [N, H, W, C]: number[], g: Float32Array, O: number, [top, bottom]: number[], [left, right]: number[]): { y: Float64Array; oh: number; ow: number } {
  const oh = H + top + bottom - 2;
  const ow = W + left + right - 2;
  const y = new Float64Array(N * oh * ow * O);
  for (let n = 0; n < N; n++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) for (let o = 0; o < O; o++) {
    let sum = 0;
    for (let r = 0; r < 3; r++) for (let s = 0; s < 3; s++) {
      const yi = i + r - top;
      const xj = j + s - left;
      if (yi < 0 || yi >= H || xj < 0 || xj >= W) continue;
      for (let c = 0; c < C; c++) sum += x[((n * H + yi) * W + xj) * C + c] * g[((r * 3 + s) * C + c) * O + o];
    }
    y[((n * oh + i) * ow + j) * O + o] = sum;
  }
  return { y, oh, ow };
}

// [x shape, output channels, padding [top, bottom], [left, right]]: 'same' and 'valid', odd
// output sizes (a last tile half outside), asymmetric and 2-wide pads (the input gradient's
// phases), several images per group, channel counts 4 to 32.
const CASES: Array<[number[], number, number[], number[]]> = [
  [[2, 8, 8, 4], 4, [1, 1], [1, 1]],
  [[3, 7, 5, 8], 12, [1, 1], [1, 1]],
  [[2, 9, 6, 4], 8, [0, 0], [0, 0]],
  [[1, 6, 7, 12], 4, [2, 2], [2, 2]],
  [[2, 5, 9, 4], 4, [0, 2], [2, 0]],
  [[4, 4, 4, 32], 32, [1, 1], [1, 1]],
];

describe('wasm Conv2D: 3x3 stride 1 by Winograd F(2x2, 3x3)', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
  });

  it.each(CASES)('matches a float64 conv to float32 rounding: x %o, %i out, pad %o %o', (shape, out, ph, pw) => {
    const [, , , C] = shape;
    const x = randomValues(shape.reduce((a, b) => a * b), 1);
    const g = randomValues(9 * C * out, 2);
    const pad: Padding = [[0, 0], [ph[0], ph[1]], [pw[0], pw[1]], [0, 0]];
    const info = tf.backend_util.computeConv2DInfo(shape as [number, number, number, number], [3, 3, C, out], 1, 1, pad);
    // Sizes this small go to the direct conv in training (winogradApplies): run the transforms directly.
    expect(winogradFits(info, 'float32')).toBe(true);
    const before = tf.memory().numTensors;
    const y = tf.tidy(() => {
      const [xt, gt] = [tf.tensor4d(x, shape as [number, number, number, number]), tf.tensor4d(g, [3, 3, C, out])];
      return tf.engine().makeTensorFromTensorInfo(conv2dWinograd(tf.backend() as unknown as WasmHeapBackend, xt, gt, info));
    });
    const ref = conv3x3Float64(x, shape, g, out, ph, pw);
    expect(y.shape).toEqual([shape[0], ref.oh, ref.ow, out]);
    // A direct float32 conv of these sizes lands within ~1e-7 of float64; Winograd's transforms
    // add a few roundings more.
    expect(relError(y.dataSync(), ref.y)).toBeLessThan(1e-5);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('runs tf.conv2d of the 224-px nnMamba stages\' size, within float32 rounding of float64 on a sample of outputs', () => {
    // Two images of 32 x 32 x 128: 512 tiles, the fewest that go to Winograd.
    const shape: [number, number, number, number] = [2, 32, 32, 128];
    const info = tf.backend_util.computeConv2DInfo(shape, [3, 3, 128, 128], 1, 1, 'same');
    expect(winogradApplies(info, 'float32')).toBe(true);
    const x = randomValues(shape.reduce((a, b) => a * b), 5);
    const g = randomValues(9 * 128 * 128, 6);
    const y = tf.tidy(() => tf.conv2d(tf.tensor4d(x, shape), tf.tensor4d(g, [3, 3, 128, 128]), 1, 'same'));
    const ref = conv3x3Float64(x, shape, g, 128, [1, 1], [1, 1]);
    expect(relError(y.dataSync(), ref.y)).toBeLessThan(1e-5);
    y.dispose();
  });

  it('gives the same values with the images in one group or in several (the 224-px path)', () => {
    // 56 x 56 x 64: 784 tiles an image, so a 32 MiB group holds 10 images and a batch of 24 runs
    // in three groups; the same images one at a time give the same bits.
    const shape: [number, number, number, number] = [24, 56, 56, 64];
    const x = tf.tensor4d(randomValues(shape.reduce((a, b) => a * b), 3), shape);
    const g = tf.tensor4d(randomValues(9 * 64 * 64, 4), [3, 3, 64, 64]);
    const grouped = tf.conv2d(x, g, 1, 'same');
    const single = tf.tidy(() => {
      const one = tf.slice(x, [13, 0, 0, 0], [1, 56, 56, 64]);
      const info = tf.backend_util.computeConv2DInfo([1, 56, 56, 64], [3, 3, 64, 64], 1, 1, 'same');
      return tf.engine().makeTensorFromTensorInfo(conv2dWinograd(tf.backend() as unknown as WasmHeapBackend, one, g, info));
    });
    const fromGroup = tf.slice(grouped, [13, 0, 0, 0], [1, 56, 56, 64]);
    const [a, b] = [single.dataSync(), fromGroup.dataSync()];
    // Counted rather than compared as arrays: a failing diff of 200,704 values would take minutes.
    expect(a.filter((v, i) => !Object.is(v, b[i])).length).toBe(0);
    tf.dispose([x, g, grouped, single, fromGroup]);
  });

  it('leaves to the stock kernel what it does not cover', () => {
    const info = (x: number[], f: number[], strides: number, pad: 'same' | 'valid', dilations = 1) =>
      tf.backend_util.computeConv2DInfo(x as [number, number, number, number], f as [number, number, number, number], strides, dilations, pad);
    expect(winogradFits(info([1, 8, 8, 4], [3, 3, 4, 4], 1, 'same'), 'float32')).toBe(true);
    expect(winogradFits(info([1, 8, 8, 4], [3, 3, 4, 4], 2, 'same'), 'float32')).toBe(false); // stride 2
    expect(winogradFits(info([1, 8, 8, 3], [3, 3, 3, 4], 1, 'same'), 'float32')).toBe(false); // 3 input channels
    expect(winogradFits(info([1, 8, 8, 4], [3, 3, 4, 6], 1, 'same'), 'float32')).toBe(false); // 6 output channels
    expect(winogradFits(info([1, 8, 8, 4], [1, 1, 4, 4], 1, 'same'), 'float32')).toBe(false); // 1x1
    expect(winogradFits(info([1, 8, 8, 4], [3, 3, 4, 4], 1, 'same', 2), 'float32')).toBe(false); // dilated
    expect(winogradFits(info([1, 3, 3, 4], [3, 3, 4, 4], 1, 'valid'), 'float32')).toBe(false); // one output
    expect(winogradFits(info([1, 8, 8, 4], [3, 3, 4, 4], 1, 'same'), 'int32')).toBe(false);
    // Fits but too small to pay: the nnMamba layers at 64 px with 16-32 channels, a 4x4 map.
    expect(winogradApplies(info([32, 32, 32, 32], [3, 3, 32, 32], 1, 'same'), 'float32')).toBe(false);
    expect(winogradApplies(info([32, 4, 4, 256], [3, 3, 256, 256], 1, 'same'), 'float32')).toBe(false);
    expect(winogradApplies(info([32, 8, 8, 64], [3, 3, 64, 64], 1, 'same'), 'float32')).toBe(false);
    expect(winogradApplies(info([32, 16, 16, 64], [3, 3, 64, 64], 1, 'same'), 'float32')).toBe(true);
    expect(winogradApplies(info([32, 56, 56, 64], [3, 3, 64, 64], 1, 'same'), 'float32')).toBe(true);
    // And those still run (the stock kernel): a stride-2 conv against float64.
    const y = tf.tidy(() => tf.conv2d(tf.ones([1, 5, 5, 4]) as tf.Tensor4D, tf.ones([3, 3, 4, 4]) as tf.Tensor4D, 2, 'same'));
    expect(Array.from(y.dataSync()).slice(0, 4)).toEqual([16, 16, 16, 16]);
    y.dispose();
  });
});
