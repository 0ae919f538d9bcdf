import { describe, expect, it } from 'vitest';
import { tf, initBackend } from '@mambabench/core';
import { flipTokens } from './flip';

describe.each(['cpu', 'wasm'] as const)('flipTokens on %s', (backend) => {
  it.each([[2, 5, 3], [3, 65, 8], [1, 1, 4], [2, 130, 3]])('equals tf.reverse(x, 1) exactly for [%i, %i, %i]', async (...shape) => {
    await initBackend(backend);
    const x = tf.randomNormal(shape, 0, 3, 'float32', 5);
    expect(Array.from(flipTokens(x).dataSync())).toEqual(Array.from(tf.reverse(x, 1).dataSync()));
  });

  it('has the flip as its gradient', async () => {
    await initBackend(backend);
    const x = tf.randomNormal([2, 7, 3], 0, 1, 'float32', 6);
    const w = tf.randomNormal([2, 7, 3], 0, 1, 'float32', 7);
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(flipTokens(v), w)))(x);
    expect(Array.from(g.dataSync())).toEqual(Array.from(tf.reverse(w, 1).dataSync()));
  });
});
