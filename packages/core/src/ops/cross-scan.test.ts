import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { crossScan, crossMerge, crossUnscan } from './cross-scan';
import { TEST_BACKENDS, useBackend, randomArray } from '../testing/backends';

/** Token index of pixel (i, j) in direction k, written out as in VMamba's CrossScan. */
function tokenOf(k: number, i: number, j: number, h: number, w: number): number {
  const t = k % 2 === 0 ? i * w + j : j * h + i;
  return k >= 2 ? h * w - 1 - t : t;
}

function scanRef(x: Float32Array, [b, h, w, c]: number[], k: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let n = 0; n < b; n++) for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) for (let ch = 0; ch < c; ch++) {
    out[(n * h * w + tokenOf(k, i, j, h, w)) * c + ch] = x[((n * h + i) * w + j) * c + ch];
  }
  return out;
}

function mergeRef(ys: Float32Array[], [b, h, w, c]: number[]): Float64Array {
  const out = new Float64Array(b * h * w * c);
  for (let k = 0; k < 4; k++) for (let n = 0; n < b; n++) for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) {
    for (let ch = 0; ch < c; ch++) out[((n * h + i) * w + j) * c + ch] += ys[k][(n * h * w + tokenOf(k, i, j, h, w)) * c + ch];
  }
  return out;
}

const SHAPES: [number, number, number, number][] = [[2, 3, 5, 4], [1, 4, 4, 1], [3, 1, 6, 2], [1, 7, 2, 3], [2, 1, 1, 2]];
const size = (s: number[]) => s.reduce((a, v) => a * v, 1);

describe.each(TEST_BACKENDS)('cross-scan on %s', (backend) => {
  it.each(SHAPES)('each direction matches the index loops for [%i, %i, %i, %i]', async (...shape) => {
    await useBackend(backend);
    const x = randomArray(size(shape), 11);
    const seqs = crossScan(tf.tensor4d(x, shape));
    expect(seqs.length).toBe(4);
    seqs.forEach((s, k) => {
      expect(s.shape).toEqual([shape[0], shape[1] * shape[2], shape[3]]);
      expect(Array.from(s.dataSync())).toEqual(Array.from(scanRef(x, shape, k)));
    });
  });

  it.each(SHAPES)('merge sums the four mapped-back sequences as the loops for [%i, %i, %i, %i]', async (...shape) => {
    await useBackend(backend);
    const [b, h, w, c] = shape;
    const ys = [0, 1, 2, 3].map((k) => randomArray(b * h * w * c, 20 + k));
    const merged = crossMerge(ys.map((y) => tf.tensor3d(y, [b, h * w, c])), h, w);
    expect(merged.shape).toEqual(shape);
    const want = mergeRef(ys, shape);
    const got = merged.dataSync();
    for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(want[i], 5);
  });

  it.each(SHAPES)('each direction maps back exactly, and merge(scan(x)) == 4x, for [%i, %i, %i, %i]', async (...shape) => {
    await useBackend(backend);
    const x = tf.tensor4d(randomArray(size(shape), 5), shape);
    const seqs = crossScan(x);
    seqs.forEach((s, k) => {
      const back = crossUnscan(s, k, shape[1], shape[2]);
      expect(back.shape).toEqual(shape);
      expect(Array.from(back.dataSync())).toEqual(Array.from(x.dataSync()));
    });
    // x + x and 2x + 2x are exact in float32, so the sum is exactly 4x.
    expect(Array.from(crossMerge(seqs, shape[1], shape[2]).dataSync())).toEqual(Array.from(tf.mul(x, 4).dataSync()));
  });

  it('scan(unscan(y)) == y for every direction, and gradients flow through scan and merge', async () => {
    await useBackend(backend);
    const [b, h, w, c] = [2, 3, 4, 2];
    const y = tf.tensor3d(randomArray(b * h * w * c, 8), [b, h * w, c]);
    for (let k = 0; k < 4; k++) {
      expect(Array.from(crossScan(crossUnscan(y, k, h, w))[k].dataSync())).toEqual(Array.from(y.dataSync()));
    }
    const x = tf.tensor4d(randomArray(b * h * w * c, 9), [b, h, w, c]);
    const weights = tf.tensor4d(randomArray(b * h * w * c, 10), [b, h, w, c]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(crossMerge(crossScan(t), h, w), weights)))(x);
    expect(Array.from(g.dataSync())).toEqual(Array.from(tf.mul(weights, 4).dataSync()));
  });

  it('rejects mismatched shapes', async () => {
    await useBackend(backend);
    const y = tf.zeros([1, 6, 2]);
    expect(() => crossMerge([y, y, y], 2, 3)).toThrow();
    expect(() => crossMerge([y, y, y, y], 2, 2)).toThrow();
    expect(() => crossUnscan(y, 4, 2, 3)).toThrow();
  });
});
