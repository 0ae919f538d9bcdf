import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { CONV_CASES, convInfo, describeCase, randomTensor, relError, type ConvCase } from './test-support';
import { filterGradByTapGemms, tapGemmOverhead } from './conv-filter-grad-gemm';

function geometry(c: ConvCase) {
  const filterShape: [number, number, number, number] = [c.filter[0], c.filter[1], c.x[3], c.out];
  const info = convInfo(c);
  return { filterShape, info };
}

/** The cpu backend's Conv2DBackpropFilter for the same x and dy. */
async function cpuFilterGrad(c: ConvCase): Promise<Float32Array> {
  await tf.setBackend('cpu');
  const { filterShape, info } = geometry(c);
  return tf.tidy(() => {
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: c.dimRoundingMode, filterShape };
    const x = randomTensor(c.x, 1);
    const dy = randomTensor(info.outShape, 3);
    return (tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor).dataSync() as Float32Array;
  });
}

// Every conv geometry of the shared cases (strides 1-3, mixed, all padding forms, cropped rows)
// straight through the per-tap GEMMs, whichever path the kernel would pick for it, plus a
// batch-32 layer of the size where the kernel does pick them.
const CASES: ConvCase[] = [
  ...CONV_CASES,
  { x: [32, 16, 16, 8], filter: [3, 3], out: 12, strides: [1, 1], pad: [[0, 0], [1, 1], [1, 1], [0, 0]] },
  { x: [4, 17, 15, 8], filter: [3, 3], out: 4, strides: [2, 2], pad: 'same' },
];

describe('conv filter gradient as one GEMM per tap (wasm)', () => {
  it.each(CASES.map((c) => [describeCase(c), c] as const))('matches cpu: %s', async (_, c) => {
    const expected = await cpuFilterGrad(c);
    await tf.setBackend('wasm');
    const { info } = geometry(c);
    const before = tf.memory().numTensors;
    const got = tf.tidy(() => {
      const x = randomTensor(c.x, 1);
      const dy = randomTensor(info.outShape, 3);
      const out = tf.engine().makeTensorFromTensorInfo(filterGradByTapGemms(tf.backend() as never, x, dy, info));
      return out.dataSync() as Float32Array;
    });
    expect(relError(got, expected)).toBeLessThan(1e-5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('measures the phase grid against the output grid', () => {
    expect(tapGemmOverhead(geometry({ x: [1, 32, 32, 1], filter: [3, 3], out: 1, strides: [1, 1], pad: 'same' }).info)).toBeCloseTo((34 * 34) / (32 * 32));
    expect(tapGemmOverhead(geometry({ x: [1, 32, 32, 1], filter: [3, 3], out: 1, strides: [2, 2], pad: 'same' }).info)).toBeCloseTo((17 * 17) / (16 * 16));
  });
});
