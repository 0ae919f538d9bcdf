import * as tf from '@tensorflow/tfjs-core';
import {
  backend_util,
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { asTensor, cropAndPad } from './conv-geometry';
import { depthwiseFilterGradSimd, depthwiseSimdApplies } from './depthwise-simd';

/**
 * dW[kh, kw, c, q] = sum_{n,y,x} xPad[n, y*sH + kh*dH, x*sW + kw*dW, c] * dy[n, y, x, c*m + q]
 * is a depthwise conv of x with dy as a (huge) filter dilated by the stride, except that it also
 * sums over the batch. Stacking the batch vertically folds that sum into the spatial one: image n
 * occupies rows [n*P, (n+1)*P) of a single tall image and dy image n becomes filter rows
 * [n*Q, (n+1)*Q) with P = Q*sH, so filter row n*Q + y lands on row n*P + y*sH + kh*dH, inside
 * image n. dy gets Q - oH zero rows per image so that the periods match.
 * One XNNPACK depthwise conv then does all the work. Used for channel multipliers > 1 or channel
 * counts that are not multiples of 4; the common case goes to the SIMD kernel (depthwise-simd.ts). Slicing fH*fW windows and reducing each
 * costs several wasm memory passes per tap and measured much slower. The price: XNNPACK packs
 * this filter with output channels padded to 8, so it transiently holds ~8x dy's size.
 */
function depthwiseConv2dBackpropFilter(args: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  attrs: DepthwiseConv2dNativeBackpropFilterAttrs;
  backend: unknown;
}): tf.Tensor | TensorInfo {
  const { inputs, attrs } = args;
  const { strides, dilations, pad, dimRoundingMode, filterShape } = attrs;
  const xShape = inputs.x.shape as [number, number, number, number];
  const info = backend_util.computeConv2DInfo(
    xShape, filterShape, strides, dilations ?? 1, pad, dimRoundingMode, true);
  const [fH, fW, channels, multiplier] = filterShape;
  if (depthwiseSimdApplies(channels, multiplier)) return depthwiseFilterGradSimd(args.backend as never, inputs.x, inputs.dy, info);
  const { strideHeight: sH, strideWidth: sW, dilationHeight: dH, dilationWidth: dW } = info;
  const { outHeight: oH, outWidth: oW, padInfo, batchSize: n, inHeight: h, inWidth: w } = info;
  // Rows each image must span: every window row (oH-1)*sH + kh*dH < Q*sH.
  const q = Math.ceil(((oH - 1) * sH + info.effectiveFilterHeight) / sH);
  const period = q * sH;
  return tf.tidy(() => {
    // Vertical padding sits between images, so it is materialised; horizontal padding is left
    // to the conv. Negative margins (rows or columns no window reads) crop.
    const spanW = (oW - 1) * sW + info.effectiveFilterWidth;
    const { x: xh, pad: rowPad } = cropAndPad(asTensor(inputs.x), padInfo.top, period - h - padInfo.top, 0, 0);
    const xRows = rowPad[1][0] + rowPad[1][1] > 0 ? tf.pad(xh, rowPad) : xh;
    const { x: xc, pad: colPad } = cropAndPad(xRows, 0, 0, padInfo.left, spanW - w - padInfo.left);
    const tall = tf.reshape(xc, [1, n * period, xc.shape[2], channels]) as tf.Tensor4D;
    const dyRows = q > oH ? tf.pad(asTensor(inputs.dy), [[0, 0], [0, q - oH], [0, 0], [0, 0]]) : asTensor(inputs.dy);
    const filter = tf.reshape(dyRows, [n * q, oW, channels, multiplier]) as tf.Tensor4D;
    // The last filter row reaches (fH-1)*dH + 1 - sH rows past the tall image when fH*dH > sH.
    const below = Math.max(info.effectiveFilterHeight - sH, 0);
    const convPad: backend_util.ExplicitPadding = [[0, 0], [0, below], colPad[2], [0, 0]];
    let dWt = tf.depthwiseConv2d(tall, filter, [dH, dW], convPad, 'NHWC', [sH, sW]);
    if (dWt.shape[1] !== fH) dWt = tf.slice(dWt, [0, 0, 0, 0], [1, fH, fW, channels * multiplier]);
    return tf.reshape(dWt, [fH, fW, channels, multiplier]);
  });
}

export const depthwiseConv2dBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dBackpropFilter as unknown as KernelFunc,
};
