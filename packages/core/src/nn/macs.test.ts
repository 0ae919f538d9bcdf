import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { countMacs } from './macs';
import { Conv2d } from './conv2d';
import { Linear } from './linear';
import { Mamba } from '../mamba/mamba';
import { useBackend } from '../testing/backends';

describe('MAC counting', () => {
  it('counts conv, depthwise conv and linear layers from their output sizes', async () => {
    await useBackend('cpu');
    const conv = new Conv2d(3, 8, 3, { stride: 2, padding: 1 });
    expect(countMacs(() => conv.forward(tf.zeros([2, 16, 16, 3]))).macs).toBe(2 * 8 * 8 * 8 * (3 * 9));
    const dw = new Conv2d(8, 8, 3, { padding: 1, groups: 8 });
    expect(countMacs(() => dw.forward(tf.zeros([1, 5, 5, 8]))).macs).toBe(5 * 5 * 8 * 9);
    const lin = new Linear(10, 4);
    expect(countMacs(() => lin.forward(tf.zeros([3, 7, 10]))).macs).toBe(21 * 40);
    expect(countMacs(() => lin.forward(tf.zeros([3, 10]))).macs).toBe(120);
  });

  it('counts a Mamba block\'s projections and conv as MACs and its scan as 9 L d_inner N FLOPs', async () => {
    await useBackend('cpu');
    const m = new Mamba(16, { dState: 8, dConv: 4 }); // d_inner 32, R 1
    const L = 10;
    const r = countMacs(() => m.forward(tf.zeros([1, L, 16])));
    expect(r.macs).toBe(L * (16 * 64 + 32 * 4 + 32 * 17 + 1 * 32 + 32 * 16));
    expect(r.scanFlops).toBe(9 * L * 32 * 8);
  });
});
