import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@mambabench/core';
import { Rng } from '@mambabench/random';
import { beforeAll, describe, expect, it } from 'vitest';
import { RandomFlip, flipBatch } from './flip.ts';
import { BACKENDS, expectNoLeak, randomImages } from './test-util.ts';

describe.each(BACKENDS)('flipBatch on %s', (backend) => {
  beforeAll(async () => {
    await initBackend(backend);
  });

  it('flips exactly the flagged images, along the right axis', () => {
    const x = randomImages(3, 4, 5, 1);
    const h = expectNoLeak(() => flipBatch(x, [true, false, true], 'horizontal'), 1);
    const v = flipBatch(x, [false, true, false], 'vertical');
    const xs = tf.unstack(x);
    const hs = tf.unstack(h);
    const vs = tf.unstack(v);
    expect(hs[0].arraySync()).toEqual(tf.reverse(xs[0], 1).arraySync());
    expect(hs[1].arraySync()).toEqual(xs[1].arraySync());
    expect(hs[2].arraySync()).toEqual(tf.reverse(xs[2], 1).arraySync());
    expect(vs[0].arraySync()).toEqual(xs[0].arraySync());
    expect(vs[1].arraySync()).toEqual(tf.reverse(xs[1], 0).arraySync());
    tf.dispose([x, h, v, ...xs, ...hs, ...vs]);
  });

  it('RandomFlip(0.5) flips about half the images, reproducibly per seed', () => {
    const x = randomImages(200, 2, 2, 2);
    const a = new RandomFlip('horizontal', 0.5, new Rng(9)).apply(x);
    const b = new RandomFlip('horizontal', 0.5, new Rng(9)).apply(x);
    expect(a.arraySync()).toEqual(b.arraySync());
    const changed = tf.tidy(() => tf.sum(tf.cast(tf.greater(tf.max(tf.abs(tf.sub(a, x)), [1, 2, 3]), 0), 'int32')).dataSync()[0]);
    expect(changed).toBeGreaterThan(70);
    expect(changed).toBeLessThan(130);
    tf.dispose([x, a, b]);
  });
});
