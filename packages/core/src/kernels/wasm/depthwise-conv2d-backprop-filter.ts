import * as tf from '@tensorflow/tfjs-core';
import {
  backend_util,
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type DepthwiseConv2dNativeBackpropFilterInputs,
  type KernelConfig,
  type KernelFunc,
} from '@tensorflow/tfjs-core';
import { asTensor } from './conv-geometry';

/**
 * dW[kh, kw, c, q] = sum_{n,y,x} xPadded[n, y*sH + kh*dH, x*sW + kw*dW, c] * dy[n, y, x, c*m + q].
 * A depthwise filter has only fH*fW taps, so each tap is one strided window of x times dy,
 * reduced over batch and space. Both operands are moved to channel-major layout once so that
 * every per-tap reduction runs over the innermost axis (wasm's Sum otherwise transposes first).
 */
function depthwiseConv2dBackpropFilter(args: {
  inputs: DepthwiseConv2dNativeBackpropFilterInputs;
  attrs: DepthwiseConv2dNativeBackpropFilterAttrs;
}): tf.Tensor {
  const { inputs, attrs } = args;
  const { strides, dilations, pad, dimRoundingMode, filterShape } = attrs;
  const xShape = inputs.x.shape as [number, number, number, number];
  const info = backend_util.computeConv2DInfo(
    xShape, filterShape, strides, dilations ?? 1, pad, dimRoundingMode, true);
  const [fH, fW, channels, multiplier] = filterShape;
  const { strideHeight: sH, strideWidth: sW, dilationHeight: dH, dilationWidth: dW } = info;
  const { outHeight: oH, outWidth: oW, padInfo, batchSize: n } = info;
  return tf.tidy(() => {
    // Pad only as far as the windows reach: rows past the last window stay out.
    const bottom = Math.max((oH - 1) * sH + info.effectiveFilterHeight - info.inHeight - padInfo.top, 0);
    const right = Math.max((oW - 1) * sW + info.effectiveFilterWidth - info.inWidth - padInfo.left, 0);
    const x = tf.pad(asTensor<tf.Tensor4D>(inputs.x), [[0, 0], [padInfo.top, bottom], [padInfo.left, right], [0, 0]]);
    const xT = tf.transpose(x, [3, 0, 1, 2]);
    const pixels = n * oH * oW;
    // dy channel c*m+q -> [c, q, pixels]; the x window [c, 1, pixels] broadcasts over q.
    const dyT = tf.transpose(tf.reshape(asTensor(inputs.dy), [pixels, channels, multiplier]), [1, 2, 0]);
    const taps: tf.Tensor[] = [];
    for (let kh = 0; kh < fH; kh++) {
      for (let kw = 0; kw < fW; kw++) {
        const begin = [0, 0, kh * dH, kw * dW];
        const end = [channels, n, kh * dH + (oH - 1) * sH + 1, kw * dW + (oW - 1) * sW + 1];
        const window = tf.reshape(tf.stridedSlice(xT, begin, end, [1, 1, sH, sW]), [channels, 1, pixels]);
        taps.push(tf.sum(tf.mul(window, dyT), 2));
      }
    }
    return tf.reshape(tf.stack(taps), [fH, fW, channels, multiplier]);
  });
}

export const depthwiseConv2dBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dBackpropFilter as unknown as KernelFunc,
};
