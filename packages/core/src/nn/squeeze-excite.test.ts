import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { SqueezeExcite } from './squeeze-excite';
import { countMacs } from './macs';
import { TEST_BACKENDS, useBackend, relError, randomArray } from '../testing/backends';

/** Plain-loop SE on NHWC: mean over H,W -> W1 x + b1 -> ReLU -> W2 h + b2 -> sigmoid -> x * s. */
function seRef(x: Float32Array, [b, height, width, c]: number[], w1: Float32Array, b1: Float32Array, w2: Float32Array, b2: Float32Array): Float64Array {
  const r = b1.length;
  const out = new Float64Array(x.length);
  const hw = height * width;
  for (let n = 0; n < b; n++) {
    const mean = new Float64Array(c);
    for (let p = 0; p < hw; p++) for (let ch = 0; ch < c; ch++) mean[ch] += x[(n * hw + p) * c + ch] / hw;
    const hidden = new Float64Array(r);
    // Conv weights are stored [1, 1, in, out].
    for (let o = 0; o < r; o++) {
      let s = b1[o];
      for (let i = 0; i < c; i++) s += mean[i] * w1[i * r + o];
      hidden[o] = Math.max(0, s);
    }
    const scale = new Float64Array(c);
    for (let o = 0; o < c; o++) {
      let s = b2[o];
      for (let i = 0; i < r; i++) s += hidden[i] * w2[i * c + o];
      scale[o] = 1 / (1 + Math.exp(-s));
    }
    for (let p = 0; p < hw; p++) for (let ch = 0; ch < c; ch++) out[(n * hw + p) * c + ch] = x[(n * hw + p) * c + ch] * scale[ch];
  }
  return out;
}

describe.each(TEST_BACKENDS)('SqueezeExcite on %s', (backend) => {
  it('matches the plain loop and has timm\'s parameter names and counts', async () => {
    await useBackend(backend);
    const shape = [2, 3, 5, 8];
    const se = new SqueezeExcite(8, 2);
    // Non-trivial biases so a missing bias or a wrong axis shows up.
    se.convReduce.bias!.assign(tf.tensor1d(randomArray(2, 3)));
    se.convExpand.bias!.assign(tf.tensor1d(randomArray(8, 4)));
    const x = randomArray(shape.reduce((a, v) => a * v, 1), 7);
    const y = se.forward(tf.tensor4d(x, shape as [number, number, number, number]));
    const ref = seRef(x, shape, se.convReduce.weight.dataSync() as Float32Array, se.convReduce.bias!.dataSync() as Float32Array,
      se.convExpand.weight.dataSync() as Float32Array, se.convExpand.bias!.dataSync() as Float32Array);
    expect(y.shape).toEqual(shape);
    expect(relError(y.dataSync(), ref)).toBeLessThan(1e-5);
    expect(se.namedParameters().map(([n, p]) => [n, p.variable.size])).toEqual([
      ['conv_reduce.weight', 16], ['conv_reduce.bias', 2], ['conv_expand.weight', 16], ['conv_expand.bias', 8],
    ]);
    // InvertedResidual SE of EfficientVMamba-T stage 3: 768 mid channels, reduce int(768 * 0.125).
    expect(new SqueezeExcite(768, 96).numParams()).toBe(73_824 + 74_496);
  });

  it('counts the two 1x1 convs on the pooled map as 2*C*reduce MACs per image', async () => {
    await useBackend(backend);
    const se = new SqueezeExcite(8, 2);
    const { macs } = countMacs(() => tf.tidy(() => { se.forward(tf.zeros([3, 4, 4, 8])); }));
    expect(macs).toBe(3 * 2 * 8 * 2);
  });

  it('takes another activation and gate', async () => {
    await useBackend(backend);
    const se = new SqueezeExcite(4, 2, { act: (t) => t, gate: (t) => tf.onesLike(t) });
    const x = tf.tensor4d(randomArray(32, 9), [2, 2, 2, 4]);
    expect(Array.from(se.forward(x).dataSync())).toEqual(Array.from(x.dataSync()));
  });
});
