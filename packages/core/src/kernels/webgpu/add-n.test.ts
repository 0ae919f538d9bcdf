import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWebGpu, valuesAsync, webGpuTestAdapter } from '../../testing/webgpu';
import { ADD_N_MAX_INPUTS } from './add-n';

const adapter = await webGpuTestAdapter('AddN on webgpu');

describe.skipIf(!adapter)('AddN on webgpu', () => {
  beforeAll(async () => {
    await useWebGpu();
  });

  // The stock kernel returned 36 for 16 inputs 1..16 on lavapipe (its limit: 16 storage buffers).
  it.each([1, 2, ADD_N_MAX_INPUTS, ADD_N_MAX_INPUTS + 1, 16, 50])('adds %i tensors exactly and leaks none', async (n) => {
    const terms = Array.from({ length: n }, (_, i) => tf.fill([3], i + 1));
    const before = tf.memory().numTensors;
    const sum = tf.addN(terms);
    expect(await valuesAsync(sum)).toEqual([1, 2, 3].map(() => (n * (n + 1)) / 2));
    sum.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(terms);
  });
});
