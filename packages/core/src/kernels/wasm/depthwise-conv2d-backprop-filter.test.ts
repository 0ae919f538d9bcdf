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

function backpropFilter(c: ConvCase): tf.Tensor {
  const x = randomTensor(c.x, 1);
  const dy = randomTensor(dyShape(c), 3);
  const filterShape = [c.filter[0], c.filter[1], c.x[3], c.out];
  const attrs = { strides: c.strides, pad: c.pad, dilations: c.dilations ?? 1, dimRoundingMode: c.dimRoundingMode, filterShape };
  return tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

describe('wasm DepthwiseConv2dNativeBackpropFilter (composed)', () => {
  beforeAll(() => registerWasmTrainingKernels());

  it.each(DEPTHWISE_CASES.map((c) => [describeCase(c), c] as const))('matches the float64 reference: %s', async (_, c) => {
    const { values, leaked } = await runOn('wasm', () => backpropFilter(c));
    const x = randomValues(c.x.reduce((a, b) => a * b, 1), 1);
    const dy = randomValues(dyShape(c).reduce((a, b) => a * b, 1), 3);
    const w = new Float32Array(c.filter[0] * c.filter[1] * c.x[3] * c.out);
    const { dw } = depthwiseGradsReference(c, x, w, dy);
    expect(relError(values[0], dw)).toBeLessThan(1e-5);
    expect(leaked).toBe(0);
  });

  it.each(DEPTHWISE_CASES.filter((c) => !c.dilations).map((c) => [describeCase(c), c] as const))(
    'matches cpu: %s', async (_, c) => {
      const { error } = await compareWithCpu(() => backpropFilter(c));
      expect(error).toBeLessThan(1e-5);
    });

  it('matches cpu on a batch-32 causal conv1d (Mamba shape)', async () => {
    const c: ConvCase = { x: [32, 1, 64, 48], filter: [1, 4], out: 1, strides: [1, 1], pad: [[0, 0], [0, 0], [3, 0], [0, 0]] };
    const { error } = await compareWithCpu(() => backpropFilter(c));
    expect(error).toBeLessThan(1e-5);
  });
});
