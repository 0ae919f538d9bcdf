import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@mambabench/core';
import { Rng } from '@mambabench/random';
import { beforeAll, describe, expect, it } from 'vitest';
import { RandomRotation, rotateBatch } from './rotate.ts';
import { BACKENDS, at, expectNoLeak, maxAbsDiff, randomImages } from './test-util.ts';

/** Direct per-pixel rotation (same geometry as torchvision: CCW about the pixel-index centre). */
function referenceRotate(v: Float32Array, shape: number[], angles: number[], bilinear: boolean): Float32Array {
  const [b, h, w, c] = shape;
  const out = new Float32Array(v.length);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const read = (i: number, y: number, x: number, ch: number) => (x >= 0 && x < w && y >= 0 && y < h ? at(v, shape, i, y, x, ch) : 0);
  for (let i = 0; i < b; i++) {
    const a = (angles[i] * Math.PI) / 180;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const sx = cx + Math.cos(a) * (x - cx) - Math.sin(a) * (y - cy);
      const sy = cy + Math.sin(a) * (x - cx) + Math.cos(a) * (y - cy);
      for (let ch = 0; ch < c; ch++) {
        let val: number;
        if (!bilinear) val = read(i, Math.floor(sy + 0.5), Math.floor(sx + 0.5), ch);
        else {
          const x0 = Math.floor(sx);
          const y0 = Math.floor(sy);
          const fx = sx - x0;
          const fy = sy - y0;
          val = (1 - fx) * (1 - fy) * read(i, y0, x0, ch) + fx * (1 - fy) * read(i, y0, x0 + 1, ch)
            + (1 - fx) * fy * read(i, y0 + 1, x0, ch) + fx * fy * read(i, y0 + 1, x0 + 1, ch);
        }
        out[((i * h + y) * w + x) * c + ch] = val;
      }
    }
  }
  return out;
}

describe.each(BACKENDS)('rotateBatch on %s', (backend) => {
  beforeAll(async () => {
    await initBackend(backend);
  });

  it.each([5, 6])('+90 / -90 degrees equal a flip + transpose exactly (%i px), per image in one batch', (n) => {
    const x = randomImages(3, n, n, n);
    const out = rotateBatch(x, [90, -90, 0]);
    const [x0, x1, x2] = tf.unstack(x);
    // np.rot90 (counter-clockwise): reverse the columns, then swap rows and columns.
    const ccw = tf.transpose(tf.reverse(x0, 1), [1, 0, 2]);
    const cw = tf.reverse(tf.transpose(x1, [1, 0, 2]), 1);
    const [o0, o1, o2] = tf.unstack(out);
    expect(o0.arraySync()).toEqual(ccw.arraySync());
    expect(o1.arraySync()).toEqual(cw.arraySync());
    expect(o2.arraySync()).toEqual(x2.arraySync());
    tf.dispose([x, out, x0, x1, x2, ccw, cw, o0, o1, o2]);
  });

  it('positive angles turn counter-clockwise, as torchvision and PIL do', () => {
    const v = new Float32Array(7 * 7 * 3);
    v[(3 * 7 + 5) * 3] = 1; // right of the centre (3, 3)
    const x = tf.tensor4d(v, [1, 7, 7, 3]);
    const out = rotateBatch(x, [90]).dataSync();
    expect(at(out, [1, 7, 7, 3], 0, 1, 3, 0)).toBe(1); // now above the centre
    expect(Array.from(out).reduce((a, b) => a + b, 0)).toBe(1);
    x.dispose();
  });

  it('180 degrees reverses both axes; 45 degrees fills the corners with 0', () => {
    const x = randomImages(1, 6, 6, 3);
    const half = rotateBatch(x, [180]);
    const rev = tf.reverse(x, [1, 2]);
    expect(half.arraySync()).toEqual(rev.arraySync());
    const diag = rotateBatch(x, [45]).dataSync();
    for (const [y, xx] of [[0, 0], [0, 5], [5, 0], [5, 5]]) for (let c = 0; c < 3; c++) expect(at(diag, [1, 6, 6, 3], 0, y, xx, c)).toBe(0);
    tf.dispose([x, half, rev]);
  });

  it.each(['nearest', 'bilinear'] as const)('%s matches a direct per-pixel computation at random angles', (mode) => {
    const shape = [4, 9, 8, 3];
    const x = randomImages(4, 9, 8, 11);
    const angles = [12.3, -27.9, 3.1, 170.2];
    const got = rotateBatch(x, angles, mode).dataSync() as Float32Array;
    const ref = referenceRotate(x.dataSync() as Float32Array, shape, angles, mode === 'bilinear');
    expect(maxAbsDiff(got, ref)).toBeLessThan(1e-5);
    x.dispose();
  });

  it('0 degrees is the identity with either interpolation; no tensors leak', () => {
    const x = randomImages(2, 5, 7, 4);
    const a = expectNoLeak(() => rotateBatch(x, [0, 0], 'nearest'), 1);
    const b = expectNoLeak(() => rotateBatch(x, [0, 0], 'bilinear'), 1);
    expect(maxAbsDiff(a.dataSync(), x.dataSync())).toBe(0);
    expect(maxAbsDiff(b.dataSync(), x.dataSync())).toBeLessThan(1e-6);
    tf.dispose([x, a, b]);
  });

  it('RandomRotation draws angles in [-d, d] per image, reproducibly per seed', () => {
    const x = randomImages(6, 8, 8, 5);
    const a = new RandomRotation(10, new Rng(1)).apply(x);
    const b = new RandomRotation(10, new Rng(1)).apply(x);
    const c = new RandomRotation(10, new Rng(2)).apply(x);
    expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBe(0);
    expect(maxAbsDiff(a.dataSync(), c.dataSync())).toBeGreaterThan(0);
    tf.dispose([x, a, b, c]);
  });
});
