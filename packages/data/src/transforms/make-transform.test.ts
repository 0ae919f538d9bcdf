import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@mambabench/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PUBLISHED_MEAN, PUBLISHED_STD, type ImageSplit } from '../dataset.ts';
import { toFloatBatch } from './float-batch.ts';
import { makeTransform, TRANSFORM_NAMES } from './make-transform.ts';
import { IMAGENET_MEAN, IMAGENET_STD } from './normalize.ts';
import { BACKENDS, expectNoLeak, maxAbsDiff, randomImages } from './test-util.ts';

const normalized = (x: tf.Tensor4D, mean: number[], std: number[]) =>
  Array.from(x.dataSync(), (v, i) => (v - mean[i % 3]) / std[i % 3]);

describe.each(BACKENDS)('makeTransform on %s', (backend) => {
  beforeAll(async () => {
    await initBackend(backend);
  });

  it.each(TRANSFORM_NAMES)('%s: randomStreams are every generator train draws from (restoring their states repeats a batch)', (name) => {
    const x = randomImages(4, 12, 12, 3);
    const t = makeTransform(name, 5);
    t.train(x).dispose(); // move the streams on first
    const saved = t.randomStreams.map((r) => r.getState());
    const first = t.train(x);
    t.randomStreams.forEach((r, i) => r.setState(saved[i]));
    const again = t.train(x);
    const next = t.train(x);
    expect(t.randomStreams).toHaveLength(name === 'none' ? 0 : 3);
    expect(maxAbsDiff(again.dataSync(), first.dataSync())).toBe(0);
    if (name !== 'none') expect(maxAbsDiff(next.dataSync(), first.dataSync())).toBeGreaterThan(0.01);
    tf.dispose([x, first, again, next]);
  });

  it.each(TRANSFORM_NAMES)('%s: same seed, same batches; another seed differs; shapes kept; no leaks', (name) => {
    const x = randomImages(4, 12, 12, 1);
    const a = makeTransform(name, 1);
    const b = makeTransform(name, 1);
    const c = makeTransform(name, 2);
    for (let step = 0; step < 2; step++) {
      const ya = expectNoLeak(() => a.train(x), 1);
      const yb = b.train(x);
      const yc = c.train(x);
      expect(ya.shape).toEqual([4, 12, 12, 3]);
      expect(maxAbsDiff(ya.dataSync(), yb.dataSync())).toBe(0);
      if (name === 'none') expect(maxAbsDiff(ya.dataSync(), yc.dataSync())).toBe(0);
      else expect(maxAbsDiff(ya.dataSync(), yc.dataSync())).toBeGreaterThan(0.01);
      tf.dispose([ya, yb, yc]);
    }
    expect(x.isDisposed).toBe(false);
    x.dispose();
  });

  it('eval is Normalize only, with the set\'s constants', () => {
    const x = randomImages(2, 5, 5, 3);
    const pub = makeTransform('published', 0);
    const dr = makeTransform('dr_dataset', 0);
    const e1 = expectNoLeak(() => pub.eval(x), 1);
    const e2 = dr.eval(x);
    expect(maxAbsDiff(e1.dataSync(), normalized(x, PUBLISHED_MEAN, PUBLISHED_STD))).toBeLessThan(1e-4);
    expect(maxAbsDiff(e2.dataSync(), normalized(x, IMAGENET_MEAN, IMAGENET_STD))).toBeLessThan(1e-5);
    // 'none' trains on exactly what eval sees.
    const none = makeTransform('none', 0);
    const t = none.train(x);
    expect(maxAbsDiff(t.dataSync(), e1.dataSync())).toBe(0);
    tf.dispose([x, e1, e2, t]);
  });

  it('describes its steps, and accepts a dataset normalization', () => {
    expect(makeTransform('published', 0).steps).toEqual([
      'RandomRotation(10, nearest, fill 0)',
      'GaussianBlur(5, sigma 0.1..3.0, reflect)',
      'ColorJitter(brightness 0.5, contrast 0.5, saturation 0.5, random order per image)',
      'Normalize(mean [0.4159, 0.2225, 0.0757], std [0.2382, 0.132, 0.0528])',
    ]);
    expect(makeTransform('dr_dataset', 0).steps.slice(0, 3)).toEqual(['RandomHorizontalFlip(0.5)', 'RandomVerticalFlip(0.5)', 'RandomRotation(30, nearest, fill 0)']);
    const custom = makeTransform('none', 0, { normalization: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } });
    const x = tf.ones([1, 2, 2, 3]) as tf.Tensor4D;
    const y = custom.eval(x);
    expect(Array.from(y.dataSync())).toEqual(new Array(12).fill(1));
    tf.dispose([x, y]);
    expect(() => makeTransform('bogus' as 'none', 0)).toThrow("unknown transform set 'bogus'; expected one of published, dr_dataset, none");
  });

  it('published train output stays in the normalised range of [0, 1] inputs', () => {
    const x = randomImages(8, 16, 16, 5);
    const y = makeTransform('published', 3).train(x);
    const lo = Math.min(...PUBLISHED_MEAN.map((m, c) => -m / PUBLISHED_STD[c]));
    const hi = Math.max(...PUBLISHED_MEAN.map((m, c) => (1 - m) / PUBLISHED_STD[c]));
    const v = y.dataSync();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(lo - 1e-4);
    expect(Math.max(...v)).toBeLessThanOrEqual(hi + 1e-4);
    tf.dispose([x, y]);
  });
});

describe('toFloatBatch', () => {
  it('is v / 255 in NHWC with the labels', async () => {
    await initBackend('cpu');
    const split: ImageSplit = { name: 'train', images: Uint8Array.from({ length: 2 * 2 * 2 * 3 }, (_, i) => i * 10), labels: Int32Array.from([1, 0]), count: 2 };
    const { x, y } = toFloatBatch(split, [1, 0]);
    expect(x.shape).toEqual([2, 2, 2, 3]);
    const v = x.dataSync();
    expect(v[0]).toBeCloseTo(120 / 255, 7);
    expect(v[12]).toBe(0);
    expect(Array.from(y.dataSync())).toEqual([0, 1]);
    tf.dispose([x, y]);
  });
});

describe('makeTransform blurSigmaScale', () => {
  it('scales the published blur range and says so in the steps', () => {
    expect(makeTransform('published', 1).steps[1]).toBe('GaussianBlur(5, sigma 0.1..3.0, reflect)');
    expect(makeTransform('published', 1, { blurSigmaScale: 64 / 224 }).steps[1]).toBe('GaussianBlur(5, sigma 0.029..0.857 = 0.1..3.0 x 0.286, reflect)');
    expect(() => makeTransform('published', 1, { blurSigmaScale: 0 })).toThrow(/blurSigmaScale must be > 0/);
  });
});
