import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { convInfo, describeCase, randomTensor, type ConvCase } from './test-support';
import { filterGradBlockRows, filterGradByOuterProducts, outerProductsApply } from './conv-filter-grad-outer';

/** The kernel's dW of fixed x and dy, with dy's rows taken `blockRows` at a time. */
function filterGrad(c: ConvCase, blockRows: number): Float32Array {
  const info = convInfo(c);
  return tf.tidy(() => {
    const x = randomTensor(c.x, 1);
    const dy = randomTensor(info.outShape, 3);
    const out = filterGradByOuterProducts(tf.backend() as never, x, dy, info, blockRows);
    return tf.engine().makeTensorFromTensorInfo(out).dataSync() as Float32Array;
  });
}

// Blocks that end inside an image and inside the rows a tap skips: stride 1 with padding, strides
// 2 and 3 with taps that fall off the top and bottom, and more than one image per block.
const CASES: ConvCase[] = [
  { x: [3, 9, 7, 8], filter: [3, 3], out: 16, strides: [1, 1], pad: 'same' },
  { x: [2, 10, 11, 4], filter: [5, 3], out: 8, strides: [3, 2], pad: 'valid' },
  { x: [2, 9, 8, 8], filter: [3, 3], out: 8, strides: [2, 2], pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
];

describe('the outer-product filter gradient in blocks of dy rows (wasm)', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it.each(CASES.map((c) => [describeCase(c), c] as const))('gives the same bits whatever the block size: %s', (_, c) => {
    const info = convInfo(c);
    expect(outerProductsApply(info)).toBe(true);
    const before = tf.memory().numTensors;
    const whole = filterGrad(c, info.batchSize * info.outHeight);
    for (const blockRows of [1, 2, 5, info.outHeight + 1]) {
      expect(Buffer.from(filterGrad(c, blockRows).buffer).equals(Buffer.from(whole.buffer)), `blocks of ${blockRows} rows`).toBe(true);
    }
    expect(whole.some((v) => v !== 0)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a block size the kernel cannot step by', () => {
    const c = CASES[0];
    expect(() => filterGrad(c, 0)).toThrow(/blockRows must be a positive integer, got 0/);
    expect(() => filterGrad(c, 1.5)).toThrow(/got 1.5/);
  });

  it('blocks the 224-px nnMamba layers and leaves small maps whole', () => {
    const big = convInfo({ x: [32, 56, 56, 64], filter: [3, 3], out: 64, strides: [1, 1], pad: 'same' });
    const rows = filterGradBlockRows(big);
    expect(rows).toBeGreaterThan(1);
    expect(rows).toBeLessThan(32 * 56);
    const small = convInfo({ x: [32, 4, 4, 128], filter: [3, 3], out: 128, strides: [1, 1], pad: 'same' });
    expect(filterGradBlockRows(small)).toBe(32 * 4);
  });
});
