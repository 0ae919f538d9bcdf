import * as tf from '@tensorflow/tfjs-core';
import {
  backend_util,
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type DepthwiseConv2dNativeBackpropInputInputs,
  type KernelConfig,
  type KernelFunc,
} from '@tensorflow/tfjs-core';
import { asTensor, backpropInputOperand } from './conv-geometry';

/**
 * dx of a depthwise conv is a stride-1 depthwise conv of the stride-dilated dy with the spatially
 * flipped filter, like the dense case. With a channel multiplier m, dy channel c*m+q only feeds
 * input channel c, so the conv runs over all C*m channels with multiplier 1 and the m partial
 * results of each input channel are summed afterwards.
 */
function depthwiseConv2dBackpropInput(args: {
  inputs: DepthwiseConv2dNativeBackpropInputInputs;
  attrs: DepthwiseConv2dNativeBackpropInputAttrs;
}): tf.Tensor {
  const { inputs, attrs } = args;
  const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs;
  const filterShape = inputs.filter.shape as [number, number, number, number];
  const [fH, fW, channels, multiplier] = filterShape;
  const info = backend_util.computeConv2DInfo(
    inputShape, filterShape, strides, dilations ?? 1, pad, dimRoundingMode, true);
  return tf.tidy(() => {
    const operand = backpropInputOperand(asTensor<tf.Tensor4D>(inputs.dy), info);
    const flipped = tf.reshape(tf.reverse(asTensor(inputs.filter), [0, 1]), [fH, fW, channels * multiplier, 1]);
    const dilation: [number, number] = [info.dilationHeight, info.dilationWidth];
    const dx = tf.depthwiseConv2d(operand.x, flipped as tf.Tensor4D, 1, operand.pad, 'NHWC', dilation);
    if (multiplier === 1) return dx;
    const [n, h, w] = dx.shape;
    return tf.sum(tf.reshape(dx, [n, h, w, channels, multiplier]), 4);
  });
}

export const depthwiseConv2dBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dBackpropInput as unknown as KernelFunc,
};
