import * as tf from '@tensorflow/tfjs-core';
import {
  backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { asTensor, assertNHWC, cropAndPad, isPointwise } from './conv-geometry';
import { sampleStridePixelsTransposed } from './stride-pixels';
import { filterGradByOuterProducts, outerProductsApply } from './conv-filter-grad-outer';
import { filterGradByTapGemms, tapGemmOverhead } from './conv-filter-grad-gemm';
import { heapModuleBuilt } from '../../wasm/heap-module';
import type { WasmHeapBackend } from '../../wasm/tensor-io';

/**
 * The per-tap GEMMs (conv-filter-grad-gemm.ts) win where their phase grid pads the output grid
 * by less than 40% (measured: grids 1.13x and 1.27x the output grid's size were faster, 1.56x
 * slower).
 */
function tapGemmsApply(info: backend_util.Conv2DInfo): boolean {
  return heapModuleBuilt('transpose') && tapGemmOverhead(info) < MAX_TAP_GEMM_OVERHEAD;
}

const MAX_TAP_GEMM_OVERHEAD = 1.4;

/**
 * dW[kh, kw, ci, co] = sum_{n,y,x} x[n, y*sH + kh - top, x*sW + kw - left, ci] * dy[n, y, x, co],
 * by the first of these that applies:
 * - input channels % 4 and output channels % 8 (every conv here but the RGB stems): sums of
 *   outer products in AssemblyScript (conv-filter-grad-outer.ts), about as fast as the forward
 *   conv;
 * - 1x1: one GEMM over all output pixels (pointwiseFilterGrad);
 * - large maps: one GEMM per filter tap (conv-filter-grad-gemm.ts);
 * - otherwise a convolution once batch and channels trade places: x as [ci, H, W, n] (batch ci,
 *   channels n) convolved with dy as a [oH, oW, n, co] filter dilated by the stride gives
 *   [ci, fH, fW, co], on XNNPACK's forward convolution instead of a scalar loop.
 */
function conv2dBackpropFilter(args: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  attrs: Conv2DBackpropFilterAttrs;
  backend: unknown;
}): tf.Tensor | TensorInfo {
  const { inputs, attrs } = args;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  assertNHWC(Conv2DBackpropFilter, dataFormat);
  const xShape = inputs.x.shape as [number, number, number, number];
  const info = backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad, dimRoundingMode);
  const { strideHeight: sH, strideWidth: sW, padInfo, outHeight, outWidth } = info;
  if (outerProductsApply(info)) return filterGradByOuterProducts(args.backend as WasmHeapBackend, inputs.x, inputs.dy, info);
  if (isPointwise(info)) return pointwiseFilterGrad(inputs.x, inputs.dy, info);
  if (tapGemmsApply(info)) return filterGradByTapGemms(args.backend as never, inputs.x, inputs.dy, info);
  return tf.tidy(() => {
    // Rows/columns past the last window are never read; conv pads must be >= 0, so they are
    // cropped rather than given as a negative bottom/right pad.
    const spanH = (outHeight - 1) * sH + info.filterHeight;
    const spanW = (outWidth - 1) * sW + info.filterWidth;
    const { x, pad: convPad } = cropAndPad(
      asTensor<tf.Tensor4D>(inputs.x),
      padInfo.top,
      spanH - info.inHeight - padInfo.top,
      padInfo.left,
      spanW - info.inWidth - padInfo.left,
    );
    const xT = tf.transpose(x, [3, 1, 2, 0]);
    const dyT = tf.transpose(asTensor<tf.Tensor4D>(inputs.dy), [1, 2, 0, 3]);
    const dW = tf.conv2d(xT, dyT, 1, convPad, 'NHWC', [sH, sW]);
    return tf.transpose(dW, [1, 2, 0, 3]);
  });
}

/**
 * dW = x_s^T dy over all output pixels, one GEMM, where x_s is x at the pixels the conv reads
 * (every stride-th row and column), sampled already transposed (stride-pixels.ts) so that the
 * product runs as XNNPACK's plain GEMM. Measured for 8x8x128->128: as a matMul this runs near the
 * forward conv's speed, through the conv formulation above well below it, and at stride 2 far
 * below.
 */
function pointwiseFilterGrad(x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): tf.Tensor {
  const { inChannels: ci, outChannels: co, outHeight, outWidth, strideHeight: sH, strideWidth: sW } = info;
  return tf.tidy(() => {
    const rows = info.batchSize * outHeight * outWidth;
    const dy2 = tf.reshape(asTensor(dy), [rows, co]) as tf.Tensor2D;
    if (sH === 1 && sW === 1) return tf.reshape(tf.matMul(tf.reshape(asTensor(x), [rows, ci]) as tf.Tensor2D, dy2, true, false), [1, 1, ci, co]);
    return tf.reshape(tf.matMul(sampleStridePixelsTransposed(x, info), dy2), [1, 1, ci, co]);
  });
}

export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilter as unknown as KernelFunc,
};
