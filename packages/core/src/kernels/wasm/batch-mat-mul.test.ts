import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compareWithCpu, randomTensor } from './test-support';
import { registerWasmTrainingKernels } from './register';
import { perBatchApplies } from './per-batch-mat-mul';

const CASES: Array<[string, number[], number[], boolean, boolean]> = [
  ['2d plain', [5, 7], [7, 3], false, false],
  ['2d transposeA', [7, 5], [7, 3], true, false],
  ['2d transposeB', [5, 7], [3, 7], false, true],
  ['2d both', [7, 5], [3, 7], true, true],
  ['3d batched both', [4, 7, 5], [4, 3, 7], true, true],
  ['3d broadcast b, transposeA', [3, 9, 6], [1, 9, 4], true, false],
  ['4d broadcast a, transposeB', [1, 2, 5, 8], [3, 2, 6, 8], false, true],
  ['odd sizes, transposeB', [33, 17], [31, 17], false, true],
  // Big enough per batch for one XNNPACK GEMM per batch (per-batch-mat-mul.ts).
  ['per batch plain', [3, 40, 36], [3, 36, 33], false, false],
  ['per batch both', [2, 3, 36, 40], [2, 3, 33, 36], true, true],
  ['per batch, a shared', [40, 36], [4, 36, 33], false, false],
  ['per batch, b shared (stacked rows)', [4, 40, 36], [1, 36, 33], false, false],
  ['per batch, rank-2 b, transposeB', [2, 2, 40, 36], [33, 36], false, true],
  // Unbatched Aᵀ·B with M % 4 and N % 8: sums of outer products (a 1x1 conv's filter gradient).
  ['outer products, transposeA', [300, 12], [300, 40], true, false],
  ['outer products, batch of one', [1, 65, 8], [1, 65, 16], true, false],
  ['outer products, A padded to the tile', [130, 6], [130, 40], true, false],
  ['GEMM, N not a multiple of 8', [130, 8], [130, 38], true, false],
];

describe('wasm BatchMatMul override', () => {
  beforeAll(() => registerWasmTrainingKernels());

  it.each(CASES)('matches cpu: %s', async (_, aShape, bShape, ta, tb) => {
    const { error, leaked } = await compareWithCpu(() =>
      tf.matMul(randomTensor(aShape, 1), randomTensor(bShape, 2), ta, tb));
    expect(error).toBeLessThan(1e-5);
    expect(leaked).toBe(0);
  });

  // The GEMM path (transpose, then XNNPACK) made these before: stored runs must not change.
  it.each([[[2080, 96], [2080, 384]], [[32768, 16], [32768, 32]], [[1, 130, 8], [1, 130, 24]], [[2080, 6], [2080, 192]], [[2080, 192], [2080, 38]], [[1, 77, 5], [1, 77, 3]]])('Aᵀ·B by outer products gives the GEMM\'s bits: %o x %o', async (aShape, bShape) => {
    await tf.setBackend('wasm');
    const [a, b] = [randomTensor(aShape, 3), randomTensor(bShape, 4)];
    const buffers = tf.engine().backend.numDataIds();
    const outer = tf.matMul(a, b, true, false);
    expect(tf.engine().backend.numDataIds(), 'buffers: only the output is new').toBe(buffers + 1);
    const gemm = tf.matMul(tf.transpose(a, aShape.length === 3 ? [0, 2, 1] : [1, 0]), b);
    expect(outer.shape).toEqual(gemm.shape);
    expect(Array.from(outer.dataSync())).toEqual(Array.from(gemm.dataSync()));
    tf.dispose([a, b, outer, gemm]);
  });

  it('goes per batch only for float32 products big enough per batch', () => {
    const info = (shape: number[], dtype: tf.DataType = 'float32') => ({ shape, dtype, dataId: {} });
    expect(perBatchApplies(info([3, 40, 36]), info([3, 36, 33]))).toBe(true);
    expect(perBatchApplies(info([40, 36]), info([4, 36, 33]))).toBe(true);
    expect(perBatchApplies(info([128, 16, 32]), info([128, 32, 16]))).toBe(false); // 8 K MACs per batch
    expect(perBatchApplies(info([40, 36]), info([36, 33]))).toBe(false); // no batch
    expect(perBatchApplies(info([2, 3, 40, 36]), info([3, 2, 36, 33]))).toBe(false); // other broadcast
    expect(perBatchApplies(info([3, 40, 36], 'int32'), info([3, 36, 33], 'int32'))).toBe(false);
  });

  it('unregisters the per-batch views without freeing the operands', async () => {
    await tf.setBackend('wasm');
    const a = randomTensor([4, 40, 36], 3);
    const b = randomTensor([4, 36, 33], 4);
    const values = [Array.from(a.dataSync()), Array.from(b.dataSync())];
    const before = tf.engine().backend.numDataIds();
    const out = tf.matMul(a, b);
    expect(tf.engine().backend.numDataIds()).toBe(before + 1);
    // Operand memory is still allocated and intact after more allocations reuse the heap.
    const filler = tf.fill([4, 40, 36], 7);
    expect([Array.from(a.dataSync()), Array.from(b.dataSync())]).toEqual(values);
    tf.dispose([out, filler, a, b]);
  });

  it('keeps the output shape of the stock kernel', async () => {
    await tf.setBackend('wasm');
    const out = tf.tidy(() => tf.matMul(tf.ones([2, 3, 4, 5]), tf.ones([3, 6, 4]), true, true));
    expect(out.shape).toEqual([2, 3, 5, 6]);
    expect(Array.from(out.dataSync().slice(0, 3))).toEqual([4, 4, 4]);
    out.dispose();
  });
});
