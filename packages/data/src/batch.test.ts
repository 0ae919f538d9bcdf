import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitImageSize, toBatchTensor } from './batch.ts';
import type { ImageSplit } from './dataset.ts';
import { PUBLISHED_MEAN, PUBLISHED_STD } from './dataset.ts';

const size = 4;
const count = 6;
const split: ImageSplit = {
  name: 'train',
  images: Uint8Array.from({ length: count * size * size * 3 }, (_, i) => (i * 53 + 11) & 255),
  labels: Int32Array.from({ length: count }, (_, i) => i % 2),
  count,
};
const normalization = { mean: PUBLISHED_MEAN, std: PUBLISHED_STD };

describe('toBatchTensor', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gathers the requested images, normalised per channel, in NHWC order', () => {
    const indices = [4, 0, 4];
    const { x, y } = toBatchTensor(split, indices, normalization);
    expect(x.shape).toEqual([3, size, size, 3]);
    expect(x.dtype).toBe('float32');
    expect(y.shape).toEqual([3]);
    expect(y.dtype).toBe('int32');
    expect([...y.dataSync()]).toEqual(indices.map((i) => split.labels[i]));

    const got = x.dataSync();
    const per = size * size * 3;
    indices.forEach((idx, k) => {
      for (let j = 0; j < per; j++) {
        const c = j % 3;
        const expected = (split.images[idx * per + j] / 255 - PUBLISHED_MEAN[c]) / PUBLISHED_STD[c];
        expect(got[k * per + j]).toBeCloseTo(expected, 4);
      }
    });
    tf.dispose([x, y]);
  });

  it('matches the same normalisation done with tf ops', () => {
    const { x } = toBatchTensor(split, [1, 2], normalization);
    const direct = tf.tidy(() => {
      const raw = tf.tensor4d(split.images.slice(size * size * 3, 3 * size * size * 3), [2, size, size, 3], 'int32');
      return tf.div(tf.sub(tf.div(tf.cast(raw, 'float32'), 255), tf.tensor1d(PUBLISHED_MEAN)), tf.tensor1d(PUBLISHED_STD));
    });
    const maxDiff = tf.tidy(() => tf.max(tf.abs(tf.sub(x, direct))).dataSync()[0]);
    expect(maxDiff).toBeLessThan(1e-4);
    tf.dispose([x, direct]);
  });

  it('derives the image size and rejects bad indices', () => {
    expect(splitImageSize(split)).toBe(size);
    expect(() => toBatchTensor(split, [count], normalization)).toThrow(/out of range/);
    expect(() => toBatchTensor(split, [1.5], normalization)).toThrow(/out of range/);
  });
});
