import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@mambabench/core';
import { Rng } from '@mambabench/random';
import { beforeAll, describe, expect, it } from 'vitest';
import { RandomGaussianBlur, gaussianBlurBatch, gaussianKernel1d } from './blur.ts';
import { BACKENDS, at, expectNoLeak, maxAbsDiff, randomImages } from './test-util.ts';

/** Direct 2-D convolution with torch-style reflect padding (edge pixel not repeated). */
function referenceBlur(v: Float32Array, shape: number[], sigmas: number[], k: number): Float32Array {
  const [b, h, w, c] = shape;
  const half = (k - 1) / 2;
  const reflect = (i: number, n: number) => (i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i);
  const out = new Float32Array(v.length);
  for (let i = 0; i < b; i++) {
    const g = gaussianKernel1d(k, sigmas[i]);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let ch = 0; ch < c; ch++) {
      let s = 0;
      for (let dy = -half; dy <= half; dy++) for (let dx = -half; dx <= half; dx++) {
        s += g[dy + half] * g[dx + half] * at(v, shape, i, reflect(y + dy, h), reflect(x + dx, w), ch);
      }
      out[((i * h + y) * w + x) * c + ch] = s;
    }
  }
  return out;
}

describe('gaussianKernel1d', () => {
  it('is torchvision\'s normalised exp(-x^2 / 2 sigma^2) on -(k-1)/2..(k-1)/2', () => {
    const k = gaussianKernel1d(5, 1.5);
    const raw = [-2, -1, 0, 1, 2].map((x) => Math.exp(-(x * x) / (2 * 1.5 * 1.5)));
    const sum = raw.reduce((a, b) => a + b, 0);
    raw.forEach((r, i) => expect(k[i]).toBeCloseTo(r / sum, 12));
    expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(() => gaussianKernel1d(4, 1)).toThrow('kernel size must be a positive odd integer, got 4');
  });
});

describe.each(BACKENDS)('gaussianBlurBatch on %s', (backend) => {
  beforeAll(async () => {
    await initBackend(backend);
  });

  it('blurs an impulse into the normalised 2-D Gaussian kernel, with each image its own sigma', () => {
    const v = new Float32Array(2 * 9 * 9 * 3);
    for (let i = 0; i < 2; i++) for (let c = 0; c < 3; c++) v[((i * 9 + 4) * 9 + 4) * 3 + c] = 1;
    const sigmas = [0.7, 2.9];
    const out = gaussianBlurBatch(tf.tensor4d(v, [2, 9, 9, 3]), sigmas, 5).dataSync();
    for (let i = 0; i < 2; i++) {
      const g = gaussianKernel1d(5, sigmas[i]);
      for (let y = 0; y < 9; y++) for (let x = 0; x < 9; x++) {
        const inside = Math.abs(y - 4) <= 2 && Math.abs(x - 4) <= 2;
        const expected = inside ? g[y - 2] * g[x - 2] : 0;
        for (let c = 0; c < 3; c++) expect(at(out, [2, 9, 9, 3], i, y, x, c)).toBeCloseTo(expected, 6);
      }
    }
  });

  it('matches a direct 2-D convolution with reflect padding at the borders', () => {
    const shape = [3, 7, 6, 3];
    const x = randomImages(3, 7, 6, 9);
    const sigmas = [0.1, 1.3, 3.0];
    const got = gaussianBlurBatch(x, sigmas).dataSync();
    expect(maxAbsDiff(got, referenceBlur(x.dataSync() as Float32Array, shape, sigmas, 5))).toBeLessThan(1e-5);
    x.dispose();
  });

  it('keeps a constant image constant and leaks nothing', () => {
    const x = tf.fill([2, 6, 6, 3], 0.25) as tf.Tensor4D;
    const out = expectNoLeak(() => gaussianBlurBatch(x, [1, 2]), 1);
    expect(maxAbsDiff(out.dataSync(), x.dataSync())).toBeLessThan(1e-6);
    tf.dispose([x, out]);
  });

  it('needs images larger than the padding', () => {
    const x = tf.zeros([1, 2, 8, 3]) as tf.Tensor4D;
    expect(() => gaussianBlurBatch(x, [1])).toThrow('reflect padding of 2 needs images larger than 2x8');
    x.dispose();
  });

  it('RandomGaussianBlur is reproducible per seed', () => {
    const x = randomImages(4, 8, 8, 2);
    const a = new RandomGaussianBlur(5, 0.1, 3, new Rng(7)).apply(x);
    const b = new RandomGaussianBlur(5, 0.1, 3, new Rng(7)).apply(x);
    expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBe(0);
    tf.dispose([x, a, b]);
  });
});
