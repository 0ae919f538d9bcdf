import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { peakTensorBytes, resetPeakTensorBytes, peakRssBytes } from './memory';
import { TEST_BACKENDS, useBackend } from './testing/backends';

describe.each(TEST_BACKENDS)('peak tensor memory on %s', (backend) => {
  it('agrees with tf.profile\'s peakBytes for a computation with a large temporary', async () => {
    await useBackend(backend);
    const f = () => tf.tidy(() => {
      const big = tf.ones([256, 1024]); // 1 MiB, freed at the end of the tidy
      return tf.sum(tf.mul(big, 2));
    });
    resetPeakTensorBytes();
    const base = tf.memory().numBytes;
    f().dispose();
    const ours = peakTensorBytes() - base;
    const profile = await tf.profile(() => f());
    const theirs = profile.peakBytes - base;
    expect(ours).toBeGreaterThanOrEqual(2 * 1024 * 1024); // big and its doubled copy live together
    expect(ours).toBe(theirs);
    (profile.result as tf.Tensor).dispose();
    resetPeakTensorBytes();
    expect(peakTensorBytes()).toBe(tf.memory().numBytes);
    expect(peakRssBytes()).toBeGreaterThan(10 * 1024 * 1024);
  });
});
