import * as tf from '@tensorflow/tfjs-core';
import {
  backend_util,
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type Conv2DBackpropInputInputs,
  type KernelConfig,
  type KernelFunc,
} from '@tensorflow/tfjs-core';
import { asTensor, assertNHWC, backpropInputOperand } from './conv-geometry';

/**
 * dx of conv2d as a forward conv: the stride-dilated, padded dy convolved with the filter flipped
 * in space and with its in/out channel axes swapped. The stock wasm kernel is a scalar loop
 * (~4 GFLOP/s); this rides on XNNPACK's forward convolution (~40 GFLOP/s).
 */
function conv2dBackpropInput(args: {
  inputs: Conv2DBackpropInputInputs;
  attrs: Conv2DBackpropInputAttrs;
}): tf.Tensor {
  const { inputs, attrs } = args;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs;
  assertNHWC(Conv2DBackpropInput, dataFormat);
  const filterShape = inputs.filter.shape as [number, number, number, number];
  const info = backend_util.computeConv2DInfo(inputShape, filterShape, strides, 1, pad, dimRoundingMode);
  return tf.tidy(() => {
    const operand = backpropInputOperand(asTensor<tf.Tensor4D>(inputs.dy), info);
    const flipped = tf.transpose(tf.reverse(asTensor<tf.Tensor4D>(inputs.filter), [0, 1]), [0, 1, 3, 2]);
    return tf.conv2d(operand.x, flipped, 1, operand.pad);
  });
}

export const conv2dBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInput as unknown as KernelFunc,
};
