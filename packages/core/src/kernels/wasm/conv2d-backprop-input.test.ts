import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { CONV_CASES, compareWithCpu, describeCase, randomTensor, runOn, type ConvCase } from './test-support';
import { registerWasmTrainingKernels } from './register';

/** dx of conv2d(x, w) for a fixed dy, straight through the kernel so every attr form is hit. */
function backpropInput(c: ConvCase): tf.Tensor {
  const [fH, fW] = c.filter;
  const filter = randomTensor([fH, fW, c.x[3], c.out], 2) as tf.Tensor4D;
  const outShape = tf.backend_util.computeConv2DInfo(
    c.x, filter.shape, c.strides, 1, c.pad, c.dimRoundingMode).outShape;
  const dy = randomTensor(outShape, 3);
  const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: c.dimRoundingMode, inputShape: c.x };
  return tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

describe('wasm Conv2DBackpropInput (composed)', () => {
  beforeAll(() => registerWasmTrainingKernels());

  it.each(CONV_CASES.map((c) => [describeCase(c), c] as const))('matches cpu: %s', async (_, c) => {
    const { error, leaked } = await compareWithCpu(() => backpropInput(c));
    expect(error).toBeLessThan(1e-5);
    expect(leaked).toBe(0);
  });

  it('matches cpu on a batch-32, 16x16x16->16 stride-2 layer', async () => {
    const c: ConvCase = { x: [32, 16, 16, 16], filter: [3, 3], out: 16, strides: [2, 2], pad: [[0, 0], [1, 1], [1, 1], [0, 0]] };
    const { error } = await compareWithCpu(() => backpropInput(c));
    expect(error).toBeLessThan(1e-5);
  });

  it('returns the input shape even when strides skip trailing rows', async () => {
    const c: ConvCase = { x: [1, 8, 7, 2], filter: [3, 3], out: 2, strides: [3, 3], pad: 'valid' };
    const { values } = await runOn('wasm', () => {
      const dx = backpropInput(c);
      expect(dx.shape).toEqual(c.x);
      return dx;
    });
    expect(values[0].length).toBe(8 * 7 * 2);
  });
});
