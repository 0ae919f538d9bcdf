import * as tf from '@tensorflow/tfjs-core';
import {
  backend_util,
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { asTensor, assertNHWC, isPointwise } from './conv-geometry';
import { scatterStridePixels } from './stride-pixels';
import { transposedConv } from './transposed-conv';

/**
 * dx of conv2d as forward convs: dy convolved with the filter flipped in space and with its
 * in/out channel axes swapped, one conv per stride phase (see transposed-conv.ts). The stock
 * wasm kernel is a scalar loop; this rides on XNNPACK's forward convolution (the wasm-kernels
 * bench's conv table, dx stock against dx ours).
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
  if (isPointwise(info)) return pointwiseInputGrad(asTensor(inputs.dy), asTensor(inputs.filter), info);
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

/**
 * A 1x1 unpadded conv: dx at the pixels it reads is dy times the transposed filter (itself a
 * 1x1 forward conv), zero elsewhere. The phase form would run stride^2 convs, all but one of
 * them empty, and interleave them (measured far below the forward conv's speed at stride 2).
 */
function pointwiseInputGrad(dy: tf.Tensor4D, filter: tf.Tensor4D, info: backend_util.Conv2DInfo): tf.Tensor {
  return tf.tidy(() => {
    const g = tf.conv2d(dy, tf.transpose(filter, [0, 1, 3, 2]), 1, 'valid');
    return info.strideHeight === 1 && info.strideWidth === 1 ? g : scatterStridePixels(g, info);
  });
}

export const conv2dBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInput as unknown as KernelFunc,
};
