import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { windowPartition, windowReverse } from './window-partition';
import { TEST_BACKENDS, useBackend, randomArray } from '../testing/backends';

/** The reference layout as loops: window (b, i, j) row-major, token r*w + s <- pixel (i*w + r, j*w + s). */
function partitionRef(x: Float32Array, [b, h, width, c]: number[], w: number): Float32Array {
  const out = new Float32Array(x.length);
  const [gh, gw] = [h / w, width / w];
  for (let n = 0; n < b; n++) for (let i = 0; i < gh; i++) for (let j = 0; j < gw; j++) {
    const win = (n * gh + i) * gw + j;
    for (let r = 0; r < w; r++) for (let s = 0; s < w; s++) for (let ch = 0; ch < c; ch++) {
      out[(win * w * w + r * w + s) * c + ch] = x[((n * h + i * w + r) * width + j * w + s) * c + ch];
    }
  }
  return out;
}

const CASES: [number[], number][] = [[[2, 4, 6, 3], 2], [[1, 6, 6, 2], 3], [[3, 8, 4, 5], 4], [[2, 4, 4, 3], 4], [[1, 3, 3, 1], 1]];

describe.each(TEST_BACKENDS)('window partition/reverse on %s', (backend) => {
  it.each(CASES)('partition of %j into %i x %i windows matches the loops', async (shape, w) => {
    await useBackend(backend);
    const x = randomArray(shape.reduce((a, v) => a * v, 1), 5);
    const y = windowPartition(tf.tensor4d(x, shape as [number, number, number, number]), w);
    expect(y.shape).toEqual([shape[0] * (shape[1] / w) * (shape[2] / w), w * w, shape[3]]);
    expect(Array.from(y.dataSync())).toEqual(Array.from(partitionRef(x, shape, w)));
  });

  it.each(CASES)('reverse(partition(x)) == x exactly for %j, window %i', async (shape, w) => {
    await useBackend(backend);
    const x = tf.tensor4d(randomArray(shape.reduce((a, v) => a * v, 1), 6), shape as [number, number, number, number]);
    const back = windowReverse(windowPartition(x, w), w, shape[1], shape[2]);
    expect(back.shape).toEqual(shape);
    expect(Array.from(back.dataSync())).toEqual(Array.from(x.dataSync()));
  });

  it('partition(reverse(windows)) == windows exactly', async () => {
    await useBackend(backend);
    const windows = tf.tensor3d(randomArray(2 * 6 * 9 * 4, 7), [2 * 6, 9, 4]);
    expect(Array.from(windowPartition(windowReverse(windows, 3, 6, 9), 3).dataSync())).toEqual(Array.from(windows.dataSync()));
  });

  it('rejects maps that are not a multiple of the window', async () => {
    await useBackend(backend);
    expect(() => windowPartition(tf.zeros([1, 5, 4, 1]), 2)).toThrow(/multiple/);
  });
});
