import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compareWithCpu, randomTensor } from './test-support';
import { registerWasmTrainingKernels } from './register';
import { reducePermutation, transposePath } from './transpose';
import '../../backend'; // registers tfjs's gradients (tfjs-core's Node build has none)

// [shape, perm], all on our SIMD path: matMul operands (2-D, batched: several blocks per kernel
// call; sizes off the 32-tile and the 4 x 4 block), the conv filter gradient's [N, H, W, C] ->
// [C, H, W, N] (strided on both sides, from 512 K elements), size-1 axes, a four-axis shuffle.
const CASES: Array<[number[], number[]]> = [
  [[521, 530], [1, 0]],
  [[3, 301, 299], [0, 2, 1]],
  [[91, 7, 13], [0, 2, 1]],
  [[17, 41, 29, 29], [3, 1, 2, 0]],
  [[21, 1, 160, 161], [3, 2, 1, 0]],
  [[19, 33, 29, 31], [2, 0, 3, 1]],
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

/** Positions where two equally long arrays differ (toEqual on 256 K elements takes seconds). */
function mismatches(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let count = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) count++;
  return count;
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

  it('takes our paths only where they measured faster', () => {
    const info = (shape: number[], dtype: tf.DataType = 'float32') => ({ shape, dtype, dataId: {} });
    for (const [shape, perm] of CASES) expect(transposePath(info(shape), perm), JSON.stringify(shape)).toBe('simd');
    expect(transposePath(info([128, 128], 'int32'), [1, 0])).toBe('simd');
    expect(transposePath(info([64, 64]), [1, 0])).toBe('stock'); // small: set-up costs more
    expect(transposePath(info([32, 16, 16, 16]), [3, 1, 2, 0])).toBe('stock'); // strided both sides, < 512 K
    expect(transposePath(info([8192, 16, 2]), [0, 2, 1])).toBe('stock'); // an axis of 2 swaps
    expect(transposePath(info([64, 64, 64, 2]), [1, 0, 2, 3])).toBe('stock'); // whole rows move
    expect(transposePath(info([600, 600], 'complex64'), [1, 0])).toBe('stock');
    expect(transposePath(info([600, 600], 'bool'), [1, 0])).toBe('js'); // 1-byte elements
  });

  it.each(CASES)('matches cpu: shape %o, perm %o', async (shape, perm) => {
    const { error, leaked } = await compareWithCpu(() => tf.transpose(randomTensor(shape, 5), perm));
    expect(error).toBe(0);
    expect(leaked).toBe(0);
  });

  it('matches plain index arithmetic', async () => {
    await tf.setBackend('wasm');
    const x = randomTensor([23, 50, 16, 17], 9);
    const got = tf.transpose(x, [2, 0, 3, 1]).dataSync();
    expect(mismatches(got, transposeByIndex(x.dataSync() as Float32Array, [23, 50, 16, 17], [2, 0, 3, 1]))).toBe(0);
  });

  it('moves int32, bool and NaN payloads bit for bit, and passes gradients back', async () => {
    await tf.setBackend('wasm');
    // 512 x 512 each; element (i, j) = i * 512 + j, so the transpose holds j * 512 + i at (i, j).
    const ramp = Int32Array.from({ length: 512 * 512 }, (_, k) => k);
    const expected = Int32Array.from({ length: 512 * 512 }, (_, k) => (k % 512) * 512 + Math.floor(k / 512));
    expect(mismatches(tf.transpose(tf.tensor2d(ramp, [512, 512], 'int32')).dataSync(), expected)).toBe(0);
    const bools = tf.tensor2d(ramp.map((k) => (k % 3 === 0 ? 1 : 0)), [512, 512], 'bool');
    expect(mismatches(tf.transpose(bools).dataSync(), expected.map((k) => (k % 3 === 0 ? 1 : 0)))).toBe(0);
    const bits = ramp.map((k) => 0x7fc00000 | k); // NaNs, each with its own payload
    const nan = tf.tensor2d(new Float32Array(bits.buffer), [512, 512]);
    const back = new Int32Array((tf.transpose(nan).dataSync() as Float32Array).buffer);
    expect(mismatches(back, expected.map((k) => 0x7fc00000 | k))).toBe(0);
    const x = randomTensor([600, 500], 4);
    const w = randomTensor([500, 600], 6);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.transpose(t), w)))(x);
    expect(mismatches(g.dataSync(), tf.transpose(w).dataSync())).toBe(0);
  });
});
