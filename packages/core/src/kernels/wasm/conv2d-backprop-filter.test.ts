import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { CONV_CASES, compareWithCpu, describeCase, randomTensor, type ConvCase } from './test-support';
import { registerWasmTrainingKernels } from './register';

/** dW of conv2d(x, w) for a fixed dy, straight through the kernel so every attr form is hit. */
function backpropFilter(c: ConvCase): tf.Tensor {
  const filterShape: [number, number, number, number] = [c.filter[0], c.filter[1], c.x[3], c.out];
  const x = randomTensor(c.x, 1);
  const outShape = tf.backend_util.computeConv2DInfo(
    c.x, filterShape, c.strides, 1, c.pad, c.dimRoundingMode).outShape;
  const dy = randomTensor(outShape, 3);
  const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: c.dimRoundingMode, filterShape };
  return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

describe('wasm Conv2DBackpropFilter (composed)', () => {
  beforeAll(() => registerWasmTrainingKernels());

  it.each(CONV_CASES.map((c) => [describeCase(c), c] as const))('matches cpu: %s', async (_, c) => {
    const { error, leaked } = await compareWithCpu(() => backpropFilter(c));
    expect(error).toBeLessThan(1e-5);
    expect(leaked).toBe(0);
  });

  it('matches cpu on a batch-32, 16x16x16->16 stride-2 layer', async () => {
    const c: ConvCase = { x: [32, 16, 16, 16], filter: [3, 3], out: 16, strides: [2, 2], pad: [[0, 0], [1, 1], [1, 1], [0, 0]] };
    const { error } = await compareWithCpu(() => backpropFilter(c));
    expect(error).toBeLessThan(1e-5);
  });

  it('rejects NCHW rather than computing a wrong layout', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([1, 4, 4, 2]);
    const dy = tf.zeros([1, 4, 4, 2]);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 2, 2] };
    expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap)).toThrow(/NHWC/);
    tf.dispose([x, dy]);
  });
});
