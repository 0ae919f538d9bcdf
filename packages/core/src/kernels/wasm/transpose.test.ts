import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compareWithCpu, randomTensor } from './test-support';
import { registerWasmTrainingKernels } from './register';
import { reducePermutation } from './transpose';
import '../../backend'; // registers tfjs's gradients (tfjs-core's Node build has none)

// [shape, perm]: matMul operands (2-D, batched, sizes off the 32-tile and the 4-unroll), the conv
// filter gradient's [N, H, W, C] -> [C, H, W, N], size-1 axes, rows that move whole (stock path).
const CASES: Array<[number[], number[]]> = [
  [[37, 70], [1, 0]],
  [[3, 45, 33], [0, 2, 1]],
  [[5, 7, 6, 9], [3, 1, 2, 0]],
  [[2, 1, 5, 3], [3, 2, 1, 0]],
  [[4, 3, 5, 2], [2, 0, 3, 1]],
  [[6, 4, 5], [1, 0, 2]],
  [[1, 64, 1], [2, 1, 0]],
];

/** out[j...] = x[i...] by plain index arithmetic, the reference for one case. */
function transposeByIndex(values: Float32Array, shape: number[], perm: number[]): Float32Array {
  const rank = shape.length;
  const outShape = perm.map((a) => shape[a]);
  const inStride = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(values.length);
  for (let flat = 0; flat < values.length; flat++) {
    let rest = flat;
    let from = 0;
    for (let j = rank - 1; j >= 0; j--) {
      from += (rest % outShape[j]) * inStride[perm[j]];
      rest = Math.floor(rest / outShape[j]);
    }
    out[flat] = values[from];
  }
  return out;
}

describe('wasm Transpose override', () => {
  beforeAll(() => registerWasmTrainingKernels());

  it('drops size-1 axes and merges axes that stay together', () => {
    expect(reducePermutation([32, 34, 34, 16], [3, 1, 2, 0])).toEqual({ shape: [32, 1156, 16], perm: [2, 1, 0] });
    expect(reducePermutation([8, 64, 32], [0, 2, 1])).toEqual({ shape: [8, 64, 32], perm: [0, 2, 1] });
    expect(reducePermutation([4, 1, 5], [2, 1, 0])).toEqual({ shape: [4, 5], perm: [1, 0] });
    expect(reducePermutation([4, 1, 5], [0, 1, 2])).toEqual({ shape: [20], perm: [0] });
    expect(reducePermutation([1, 1], [1, 0])).toEqual({ shape: [], perm: [] });
  });

  it.each(CASES)('matches cpu: shape %o, perm %o', async (shape, perm) => {
    const { error, leaked } = await compareWithCpu(() => tf.transpose(randomTensor(shape, 5), perm));
    expect(error).toBe(0);
    expect(leaked).toBe(0);
  });

  it('matches plain index arithmetic', async () => {
    await tf.setBackend('wasm');
    const x = randomTensor([3, 5, 4, 7], 9);
    const got = tf.transpose(x, [2, 0, 3, 1]).dataSync();
    expect(Array.from(got)).toEqual(Array.from(transposeByIndex(x.dataSync() as Float32Array, [3, 5, 4, 7], [2, 0, 3, 1])));
  });

  it('moves int32, bool and NaN payloads bit for bit, and passes gradients back', async () => {
    await tf.setBackend('wasm');
    expect(Array.from(tf.transpose(tf.tensor2d([[1, 2, 3], [4, 5, 6]], [2, 3], 'int32')).dataSync())).toEqual([1, 4, 2, 5, 3, 6]);
    expect(Array.from(tf.transpose(tf.tensor2d([[true, true], [false, false]], [2, 2], 'bool')).dataSync())).toEqual([1, 0, 1, 0]);
    const bits = new Int32Array([0x7fc01234, 1, 2, 3]);
    const nan = tf.tensor2d(new Float32Array(bits.buffer), [2, 2]);
    expect(Array.from(new Int32Array((tf.transpose(nan).dataSync() as Float32Array).buffer))).toEqual([0x7fc01234, 2, 1, 3]);
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const w = tf.tensor2d([10, 20, 30, 40, 50, 60], [3, 2]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.transpose(t), w)))(x);
    expect(Array.from(g.dataSync())).toEqual([10, 30, 50, 20, 40, 60]);
  });
});
