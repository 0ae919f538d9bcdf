import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { gpuMemoryBytes } from './gpu-memory';
import { useBackend } from './testing/backends';
import { useWebGpu, webGpuTestAdapter } from './testing/webgpu';

const adapter = await webGpuTestAdapter('gpuMemoryBytes');

describe('gpuMemoryBytes', () => {
  it('is null on a CPU backend', async () => {
    await useBackend('cpu');
    expect(gpuMemoryBytes()).toBeNull();
  });

  it.skipIf(!adapter)('on webgpu is the pooled allocation: it grows with use and does not shrink on dispose', async () => {
    await useWebGpu();
    const before = gpuMemoryBytes()!;
    const t = tf.add(tf.ones([256, 1024]), 1);
    await t.data();
    const used = gpuMemoryBytes()!;
    expect(used - before).toBeGreaterThanOrEqual(256 * 1024 * 4);
    t.dispose();
    expect(gpuMemoryBytes()).toBe(used);
  });
});
