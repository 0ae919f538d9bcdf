import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Conv2d } from './conv2d';
import { TEST_BACKENDS, useBackend, relError, randomArray } from '../testing/backends';

/** Plain float64 NHWC convolution with PyTorch-style symmetric zero padding. */
function conv2dRef(
  x: Float32Array, [b, h, w, cin]: number[], wt: Float32Array, k: number, cout: number,
  bias: Float32Array | null, stride: number, pad: number, depthwise: boolean,
): { out: Float64Array; shape: number[] } {
  const ho = Math.floor((h + 2 * pad - k) / stride) + 1;
  const wo = Math.floor((w + 2 * pad - k) / stride) + 1;
  const out = new Float64Array(b * ho * wo * cout);
  for (let n = 0; n < b; n++) for (let i = 0; i < ho; i++) for (let j = 0; j < wo; j++) for (let co = 0; co < cout; co++) {
    let s = bias ? bias[co] : 0;
    for (let ki = 0; ki < k; ki++) for (let kj = 0; kj < k; kj++) {
      const yi = i * stride + ki - pad;
      const xj = j * stride + kj - pad;
      if (yi < 0 || yi >= h || xj < 0 || xj >= w) continue;
      if (depthwise) {
        s += x[((n * h + yi) * w + xj) * cin + co] * wt[(ki * k + kj) * cin + co];
      } else {
        for (let ci = 0; ci < cin; ci++) s += x[((n * h + yi) * w + xj) * cin + ci] * wt[((ki * k + kj) * cin + ci) * cout + co];
      }
    }
    out[((n * ho + i) * wo + j) * cout + co] = s;
  }
  return { out, shape: [b, ho, wo, cout] };
}

describe.each(TEST_BACKENDS)('Conv2d on %s', (backend) => {
  const cases = [
    { k: 3, stride: 1, pad: 1, cin: 3, cout: 5, h: 7, bias: true, depthwise: false },
    { k: 3, stride: 2, pad: 1, cin: 4, cout: 6, h: 9, bias: false, depthwise: false },
    { k: 1, stride: 2, pad: 0, cin: 4, cout: 3, h: 8, bias: false, depthwise: false },
    { k: 3, stride: 1, pad: 1, cin: 5, cout: 5, h: 6, bias: true, depthwise: true },
  ];
  it.each(cases)('matches a float64 loop: %o', async (c) => {
    await useBackend(backend);
    const conv = new Conv2d(c.cin, c.cout, c.k, { stride: c.stride, padding: c.pad, bias: c.bias, groups: c.depthwise ? c.cin : 1 });
    const shape = [2, c.h, c.h + 1, c.cin];
    const xData = randomArray(shape.reduce((a, b) => a * b), 7);
    const y = conv.forward(tf.tensor4d(xData, shape as [number, number, number, number]));
    const ref = conv2dRef(xData, shape, conv.weight.dataSync() as Float32Array, c.k, c.cout,
      conv.bias ? (conv.bias.dataSync() as Float32Array) : null, c.stride, c.pad, c.depthwise);
    expect(y.shape).toEqual(ref.shape);
    expect(relError(y.dataSync(), ref.out)).toBeLessThan(1e-5);
    conv.dispose();
  });

  it('has PyTorch parameter counts and init bounds', async () => {
    await useBackend(backend);
    const conv = new Conv2d(32, 64, 3, { bias: true });
    expect(conv.numParams()).toBe(32 * 64 * 9 + 64);
    const bound = 1 / Math.sqrt(32 * 9);
    const w = conv.weight.dataSync();
    expect(Math.max(...w)).toBeLessThanOrEqual(bound);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(-bound);
    expect(Math.max(...w)).toBeGreaterThan(bound * 0.9); // really uses the range
    expect(new Conv2d(16, 16, 3, { groups: 16 }).numParams()).toBe(16 * 9 + 16);
  });
});
