import * as tf from '@tensorflow/tfjs-core';
import {
  backend_util,
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { asTensor } from './conv-geometry';
import { transposedConv } from './transposed-conv';
import { depthwiseInputGradSimd, depthwiseSimdApplies } from './depthwise-simd';

/**
 * dx of a depthwise conv as depthwise forward convs of dy with the spatially flipped filter, one
 * per stride phase (see transposed-conv.ts). With a channel multiplier m, dy channel c*m+q only
 * feeds input channel c, so the convs run over all C*m channels with multiplier 1 and the m
 * partial results of each input channel are summed at the end. Strided convs with channel
 * multiplier 1 and C % 4 == 0 go to the SIMD gather kernel instead (depthwise-simd.ts).
 */
function depthwiseConv2dBackpropInput(args: {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  attrs: DepthwiseConv2dNativeBackpropInputAttrs;
  backend: unknown;
}): tf.Tensor | TensorInfo {
  const { inputs, attrs } = args;
  const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs;
  const filterShape = inputs.filter.shape as [number, number, number, number];
  const [, , channels, multiplier] = filterShape;
  const info = backend_util.computeConv2DInfo(
    inputShape, filterShape, strides, dilations ?? 1, pad, dimRoundingMode, true);
  // Stride 1 is one forward conv composed (measured 6.9 GFLOP/s against 3.6 for the gather loop
  // with its copies in and out); strided, the composed form needs a conv per phase and the gather
  // loop wins (2.3 against 1.4 at 32x32x32, its own loop 0.6 ms against a 0.6 ms forward conv).
  const strided = info.strideHeight > 1 || info.strideWidth > 1;
  if (strided && depthwiseSimdApplies(channels, multiplier)) return depthwiseInputGradSimd(args.backend as never, inputs.dy, inputs.filter, info);
  return tf.tidy(() => {
    const wide = channels * multiplier;
    const flat = tf.reshape(asTensor(inputs.filter), [info.filterHeight * info.filterWidth, wide]) as tf.Tensor2D;
    const dx = transposedConv(asTensor(inputs.dy), info, flat, wide, (dy, taps, th, tw, convPad, dilation) => {
      const filter = tf.reshape(taps, [th, tw, wide, 1]) as tf.Tensor4D;
      return tf.depthwiseConv2d(dy, filter, 1, convPad, 'NHWC', dilation);
    });
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
