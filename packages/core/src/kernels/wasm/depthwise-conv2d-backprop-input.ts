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
 * partial results of each input channel are summed at the end. Channel multiplier 1 with
 * C % 4 == 0 (every depthwise conv and Mamba conv1d here) goes to the SIMD gather kernel
 * instead (depthwise-simd.ts).
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
  // The gather loop, on the heap with its taps summed in registers, now beats the composed form
  // at stride 1 too (measured on 8x8x128, where it also outran the forward conv); before, with
  // copies in and out of its own memory, it ran well behind the composed form there. The
  // wasm-kernels bench's depthwise table times it.
  if (depthwiseSimdApplies(channels, multiplier)) return depthwiseInputGradSimd(args.backend as never, inputs.dy, inputs.filter, info);
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
