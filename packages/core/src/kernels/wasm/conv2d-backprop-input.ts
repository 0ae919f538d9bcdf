import * as tf from '@tensorflow/tfjs-core';
import {
  backend_util,
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { asTensor, assertNHWC } from './conv-geometry';
import { transposedConv } from './transposed-conv';

/**
 * dx of conv2d as forward convs: dy convolved with the filter flipped in space and with its
 * in/out channel axes swapped, one conv per stride phase (see transposed-conv.ts). The stock
 * wasm kernel is a scalar loop (~4 GFLOP/s); this rides on XNNPACK's forward convolution.
 */
function conv2dBackpropInput(args: {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  attrs: Conv2DBackpropInputAttrs;
}): tf.Tensor {
  const { inputs, attrs } = args;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs;
  assertNHWC(Conv2DBackpropInput, dataFormat);
  const filterShape = inputs.filter.shape as [number, number, number, number];
  const info = backend_util.computeConv2DInfo(inputShape, filterShape, strides, 1, pad, dimRoundingMode);
  return tf.tidy(() => {
    // [fH * fW, out * in]: the transposed conv maps output channels back to input channels.
    const { filterHeight: fH, filterWidth: fW, inChannels, outChannels } = info;
    const swapped = tf.transpose(asTensor<tf.Tensor4D>(inputs.filter), [0, 1, 3, 2]);
    const flat = tf.reshape(swapped, [fH * fW, outChannels * inChannels]) as tf.Tensor2D;
    return transposedConv(asTensor(inputs.dy), info, flat, inChannels, (dy, taps, th, tw, convPad) => {
      const filter = tf.reshape(taps, [th, tw, outChannels, inChannels]) as tf.Tensor4D;
      return tf.conv2d(dy, filter, 1, convPad);
    });
  });
}

export const conv2dBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInput as unknown as KernelFunc,
};
