import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { polyphaseMerge, polyphaseSplit } from './polyphase';
import { TEST_BACKENDS, useBackend, randomArray } from '../testing/backends';

/**
 * The reference layout as index loops, read from EfficientScan (step 2): pad to even with zeros,
 * k0 = x[::2, ::2] row-major, k1 = x^T[::2, 1::2] (odd rows, even cols, column-major),
 * k2 = x[::2, 1::2] row-major, k3 = x^T[1::2, 1::2] (odd rows, odd cols, column-major).
 */
function splitRef(x: Float32Array, [b, height, width, c]: number[]): Float32Array[] {
  const h = Math.ceil(height / 2);
  const w = Math.ceil(width / 2);
  const at = (n: number, r: number, q: number, ch: number) =>
    (r < height && q < width ? x[((n * height + r) * width + q) * c + ch] : 0);
  const grids = [[0, 0, false], [1, 0, true], [0, 1, false], [1, 1, true]] as const;
  return grids.map(([rowOff, colOff, colMajor]) => {
    const out = new Float32Array(b * h * w * c);
    for (let n = 0; n < b; n++) for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) {
      const token = colMajor ? j * h + i : i * w + j;
      for (let ch = 0; ch < c; ch++) out[(n * h * w + token) * c + ch] = at(n, 2 * i + rowOff, 2 * j + colOff, ch);
    }
    return out;
  });
}

const SHAPES = [[2, 4, 6, 3], [1, 5, 7, 2], [2, 6, 3, 4], [1, 1, 1, 2], [3, 8, 8, 5]];

describe.each(TEST_BACKENDS)('polyphase split/merge on %s', (backend) => {
  it.each(SHAPES)('split of [%i, %i, %i, %i] matches the index loops', async (...shape) => {
    await useBackend(backend);
    const x = randomArray(shape.reduce((a, v) => a * v, 1), 11);
    const ys = polyphaseSplit(tf.tensor4d(x, shape as [number, number, number, number]));
    const refs = splitRef(x, shape);
    const l = Math.ceil(shape[1] / 2) * Math.ceil(shape[2] / 2);
    ys.forEach((y, k) => {
      expect(y.shape).toEqual([shape[0], l, shape[3]]);
      expect(Array.from(y.dataSync())).toEqual(Array.from(refs[k]));
    });
    tf.dispose(ys);
  });

  it.each(SHAPES)('merge(split(x)) == x exactly for [%i, %i, %i, %i]', async (...shape) => {
    await useBackend(backend);
    const x = tf.tensor4d(randomArray(shape.reduce((a, v) => a * v, 1), 12), shape as [number, number, number, number]);
    const back = polyphaseMerge(polyphaseSplit(x), { height: shape[1], width: shape[2] });
    expect(back.shape).toEqual(shape);
    expect(Array.from(back.dataSync())).toEqual(Array.from(x.dataSync()));
  });

  it('merge writes each token to its own pixel (a crop, not a sum)', async () => {
    await useBackend(backend);
    // Token t of sub-grid k carries the value 100k + t; read back where each lands.
    const [height, width] = [3, 5];
    const h = 2;
    const w = 3;
    const ys = [0, 1, 2, 3].map((k) => tf.tensor3d(Array.from({ length: h * w }, (_, t) => 100 * k + t), [1, h * w, 1]));
    const out = polyphaseMerge(ys, { height, width }).dataSync();
    for (let r = 0; r < height; r++) for (let q = 0; q < width; q++) {
      const [i, j] = [r >> 1, q >> 1];
      const k = (r % 2) + 2 * (q % 2);
      const token = r % 2 ? j * h + i : i * w + j;
      expect(out[r * width + q]).toBe(100 * k + token);
    }
  });

  it('passes gradients through both directions (the merge is the split\'s adjoint)', async () => {
    await useBackend(backend);
    const shape: [number, number, number, number] = [2, 5, 3, 2];
    const x = tf.tensor4d(randomArray(60, 13), shape);
    const weight = tf.tensor4d(randomArray(60, 14), shape);
    // d/dx sum(merge(split(x)) * weight) = weight, exactly.
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(polyphaseMerge(polyphaseSplit(v), { height: 5, width: 3 }), weight)))(x);
    expect(Array.from(g.dataSync())).toEqual(Array.from(weight.dataSync()));
  });
});
