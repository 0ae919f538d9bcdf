import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { liveTensorBytes, peakTensorBytes, resetPeakTensorBytes, peakRssBytes } from './memory';
import { TEST_BACKENDS, useBackend } from './testing/backends';

describe.each(TEST_BACKENDS)('peak tensor memory on %s', (backend) => {
  it('agrees with tf.profile\'s peakBytes for a computation with a large temporary', async () => {
    await useBackend(backend);
    const f = () => tf.tidy(() => {
      const big = tf.ones([256, 1024]); // 1 MiB, freed at the end of the tidy
      return tf.sum(tf.mul(big, 2));
    });
    resetPeakTensorBytes();
    const base = liveTensorBytes();
    const baseTfjs = tf.memory().numBytes; // tfjs counts per tensor: equal here, nothing is shared
    f().dispose();
    const ours = peakTensorBytes() - base;
    const profile = await tf.profile(() => f());
    const theirs = profile.peakBytes - baseTfjs;
    expect(ours).toBeGreaterThanOrEqual(2 * 1024 * 1024); // big and its doubled copy live together
    expect(ours).toBe(theirs);
    (profile.result as tf.Tensor).dispose();
    resetPeakTensorBytes();
    expect(peakTensorBytes()).toBe(liveTensorBytes());
    expect(peakRssBytes()).toBeGreaterThan(10 * 1024 * 1024);
  });

  it('counts a buffer once however many tensors share it (views, clones) and frees it with the last', async () => {
    await useBackend(backend);
    const base = liveTensorBytes();
    const x = tf.ones([64, 64]); // 16 KiB
    const kib16 = 64 * 64 * 4;
    expect(liveTensorBytes() - base).toBe(kib16);
    const view = tf.reshape(x, [4096]);
    expect(liveTensorBytes() - base).toBe(kib16);
    // tfjs's per-tensor count adds the view again; ours does not.
    expect(tf.memory().numBytes - base).toBeGreaterThanOrEqual(2 * kib16);
    const copy = tf.add(x, 1);
    expect(liveTensorBytes() - base).toBe(2 * kib16);
    x.dispose();
    expect(liveTensorBytes() - base).toBe(2 * kib16); // the view keeps the buffer alive
    tf.dispose([view, copy]);
    expect(liveTensorBytes()).toBe(base);
  });
});
