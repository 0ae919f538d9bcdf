import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import {
  DEPTHWISE_CASES, compareWithCpu, depthwiseGradsReference, describeCase, randomTensor, randomValues, relError, runOn,
  type ConvCase,
} from './test-support';
import { registerWasmTrainingKernels } from './register';

function dyShape(c: ConvCase): [number, number, number, number] {
  return tf.backend_util.computeConv2DInfo(
    c.x, [c.filter[0], c.filter[1], c.x[3], c.out], c.strides, c.dilations ?? 1, c.pad, c.dimRoundingMode, true).outShape;
}

function backpropInput(c: ConvCase): tf.Tensor {
  const filter = randomTensor([c.filter[0], c.filter[1], c.x[3], c.out], 2);
  const dy = randomTensor(dyShape(c), 3);
  const attrs = { strides: c.strides, pad: c.pad, dilations: c.dilations ?? 1, dimRoundingMode: c.dimRoundingMode, inputShape: c.x };
  return tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

describe('wasm DepthwiseConv2dNativeBackpropInput (composed)', () => {
  beforeAll(() => registerWasmTrainingKernels());

  it.each(DEPTHWISE_CASES.map((c) => [describeCase(c), c] as const))('matches the float64 reference: %s', async (_, c) => {
    const { values, leaked } = await runOn('wasm', () => backpropInput(c));
    const w = randomValues(c.filter[0] * c.filter[1] * c.x[3] * c.out, 2);
    const dy = randomValues(dyShape(c).reduce((a, b) => a * b, 1), 3);
    // x does not enter dx; zeros of the right size stand in for it.
    const x = new Float32Array(c.x.reduce((a, b) => a * b, 1));
    const { dx } = depthwiseGradsReference(c, x, w, dy);
    expect(relError(values[0], dx)).toBeLessThan(1e-5);
    expect(leaked).toBe(0);
  });

  it.each(DEPTHWISE_CASES.filter((c) => !c.dilations).map((c) => [describeCase(c), c] as const))(
    'matches cpu: %s', async (_, c) => {
      const { error } = await compareWithCpu(() => backpropInput(c));
      expect(error).toBeLessThan(1e-5);
    });
});

