import { afterEach, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { randomTensor, runOn } from './test-support';
import { registerWasmTrainingKernels, unregisterWasmTrainingKernels } from './register';

const NAMES = [
  'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput', 'BatchMatMul',
];

describe('registerWasmTrainingKernels', () => {
  afterEach(() => vi.restoreAllMocks());

  // This file's process has not initialised wasm yet: registering first must still let the
  // delegating BatchMatMul find the stock kernel's wasm bindings once the backend comes up.
  it('works when called before tf.setBackend("wasm")', async () => {
    registerWasmTrainingKernels();
    const { values, leaked } = await runOn('wasm', () => tf.matMul(randomTensor([4, 3], 1), randomTensor([5, 4], 2), true, true));
    expect(values[0].length).toBe(15);
    expect(leaked).toBe(0);
  });

  it('is idempotent and registers without duplicate warnings', () => {
    const warn = vi.spyOn(console, 'warn');
    const first = NAMES.map((name) => tf.getKernel(name, 'wasm'));
    registerWasmTrainingKernels();
    registerWasmTrainingKernels();
    expect(NAMES.map((name) => tf.getKernel(name, 'wasm'))).toEqual(first);
    expect(warn).not.toHaveBeenCalled();
  });

  it('unregister restores the stock kernels, which still run, and re-registering works', async () => {
    const ours = tf.getKernel('Conv2DBackpropInput', 'wasm');
    unregisterWasmTrainingKernels();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    const stock = tf.getKernel('Conv2DBackpropInput', 'wasm');
    expect(stock).toBeDefined();
    expect(stock).not.toBe(ours);
    const dx = () => tf.conv2dTranspose(randomTensor([1, 3, 3, 2], 3) as tf.Tensor4D, randomTensor([3, 3, 1, 2], 4) as tf.Tensor4D, [1, 5, 5, 1], 2, 'same');
    const viaStock = await runOn('wasm', dx);
    registerWasmTrainingKernels();
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).not.toBe(stock);
    const viaOurs = await runOn('wasm', dx);
    expect(Array.from(viaOurs.values[0]).map((v, i) => Math.abs(v - viaStock.values[0][i])).every((d) => d < 1e-5)).toBe(true);
  });
});
