import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { channelShuffle } from './channel-shuffle';
import { TEST_BACKENDS, useBackend, randomArray } from '../testing/backends';

/** PyTorch's view(B, g, C/g, ...) -> transpose(1, 2) -> flatten, written as a loop over channels. */
function shuffleRef(x: Float32Array, c: number, g: number): Float32Array {
  const out = new Float32Array(x.length);
  const per = c / g;
  for (let r = 0; r < x.length / c; r++) {
    for (let q = 0; q < g; q++) for (let j = 0; j < per; j++) out[r * c + j * g + q] = x[r * c + q * per + j];
  }
  return out;
}

describe.each(TEST_BACKENDS)('channelShuffle on %s', (backend) => {
  it.each([[[2, 3, 4, 8], 2], [[1, 2, 2, 12], 3], [[2, 5, 6], 2], [[3, 12], 4], [[1, 1, 1, 6], 6]] as [number[], number][])(
    'matches the reference loop for %j, %i groups', async (shape, g) => {
      await useBackend(backend);
      const x = randomArray(shape.reduce((a, v) => a * v, 1), 4);
      const y = channelShuffle(tf.tensor(x, shape), g);
      expect(y.shape).toEqual(shape);
      expect(Array.from(y.dataSync())).toEqual(Array.from(shuffleRef(x, shape[shape.length - 1], g)));
    });

  it('with 2 groups interleaves the halves: out 2i = in i, out 2i+1 = in C/2 + i', async () => {
    await useBackend(backend);
    const c = 10;
    const x = tf.tensor4d(Array.from({ length: 2 * c }, (_, i) => i), [2, 1, 1, c]);
    const y = channelShuffle(x, 2).arraySync() as number[][][][];
    for (let n = 0; n < 2; n++) for (let i = 0; i < c / 2; i++) {
      expect(y[n][0][0][2 * i]).toBe(n * c + i);
      expect(y[n][0][0][2 * i + 1]).toBe(n * c + c / 2 + i);
    }
  });

  it('is undone by shuffling with C/g groups, and rejects indivisible channel counts', async () => {
    await useBackend(backend);
    const x = tf.tensor4d(randomArray(2 * 2 * 3 * 12, 2), [2, 2, 3, 12]);
    expect(Array.from(channelShuffle(channelShuffle(x, 3), 4).dataSync())).toEqual(Array.from(x.dataSync()));
    expect(channelShuffle(x, 1)).toBe(x);
    expect(() => channelShuffle(x, 5)).toThrow();
  });
});
