import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';

/** Explicit NHWC padding as tf.conv2d / tf.depthwiseConv2d accept it. */
export type ExplicitPad = backend_util.ExplicitPadding;

/**
 * Kernel inputs arrive as Tensors when the engine runs a kernel, but another kernel may call a
 * kernelFunc with bare TensorInfos; wrapping those lets the composed kernels use the tf API either
 * way. Disposing a tensor drops a backend reference, so the wrapper takes one of its own first:
 * tf.tidy can then dispose it without freeing the caller's data.
 */
export function asTensor<T extends tf.Tensor = tf.Tensor>(info: tf.TensorInfo): T {
  if (info instanceof tf.Tensor) return info as T;
  const engine = tf.engine();
  engine.backend.incRef(info.dataId);
  return engine.makeTensorFromTensorInfo(info) as T;
}

/** The composed kernels assume NHWC because the wasm convolutions they delegate to only accept it. */
export function assertNHWC(kernel: string, dataFormat: string | undefined): void {
  if (dataFormat != null && dataFormat !== 'NHWC') {
    throw new Error(`${kernel} on wasm supports dataFormat 'NHWC' only, got '${dataFormat}'`);
  }
}

/**
 * Applies spatial margins that may be negative: negative ones crop x with a slice, the positive
 * rest is returned as explicit conv padding so that the convolution pads for free instead of a
 * separate PadV2 copy.
 */
export function cropAndPad(
  x: tf.Tensor4D,
  top: number,
  bottom: number,
  left: number,
  right: number,
): { x: tf.Tensor4D; pad: ExplicitPad } {
  const [n, h, w, c] = x.shape;
  const cropT = Math.max(-top, 0);
  const cropB = Math.max(-bottom, 0);
  const cropL = Math.max(-left, 0);
  const cropR = Math.max(-right, 0);
  const cropped =
    cropT + cropB + cropL + cropR === 0
      ? x
      : tf.slice(x, [0, cropT, cropL, 0], [n, h - cropT - cropB, w - cropL - cropR, c]);
  const pad: ExplicitPad = [
    [0, 0],
    [Math.max(top, 0), Math.max(bottom, 0)],
    [Math.max(left, 0), Math.max(right, 0)],
    [0, 0],
  ];
  return { x: cropped, pad };
}

/** A 1x1 unpadded conv (any stride): output pixel (y, x) sees exactly input pixel (y*sH, x*sW). */
export function isPointwise(info: backend_util.Conv2DInfo): boolean {
  const { filterHeight, filterWidth, dilationHeight, dilationWidth, padInfo: p } = info;
  return filterHeight === 1 && filterWidth === 1 && dilationHeight === 1 && dilationWidth === 1 &&
    p.top === 0 && p.bottom === 0 && p.left === 0 && p.right === 0;
}

/**
 * x at the pixels a 1x1 strided conv reads, [N, outH, outW, C]: pad to whole stride blocks,
 * view each block as its own axes and slice the block's first row and column. Rank-4 slices and
 * pads are wasm fast paths; a rank-4 StridedSlice is a per-element loop.
 */
export function strideSample(x: tf.Tensor4D, info: backend_util.Conv2DInfo): tf.Tensor4D {
  const { batchSize: n, inChannels: c, outHeight: oH, outWidth: oW, strideHeight: sH, strideWidth: sW } = info;
  const padded = fitTo(x, oH * sH, oW * sW);
  const rows = tf.slice(tf.reshape(padded, [n * oH, sH, oW * sW * c]), [0, 0, 0], [n * oH, 1, oW * sW * c]);
  const cols = tf.slice(tf.reshape(rows, [n * oH, oW, sW, c]), [0, 0, 0, 0], [n * oH, oW, 1, c]);
  return tf.reshape(cols, [n, oH, oW, c]);
}

/**
 * The inverse placement, for the input gradient of a 1x1 strided conv: g [N, outH, outW, C] goes
 * to rows y*sH and columns x*sW of a zero [N, inH, inW, C] map (two rank-3/4 pads, then a crop).
 */
export function strideScatter(g: tf.Tensor4D, info: backend_util.Conv2DInfo): tf.Tensor4D {
  const { batchSize: n, inHeight, inWidth, outHeight: oH, outWidth: oW, strideHeight: sH, strideWidth: sW } = info;
  const c = g.shape[3];
  const cols = tf.pad(tf.reshape(g, [n * oH, oW, 1, c]), [[0, 0], [0, 0], [0, sW - 1], [0, 0]]);
  const rows = tf.pad(tf.reshape(cols, [n * oH, 1, oW * sW * c]), [[0, 0], [0, sH - 1], [0, 0]]);
  return fitTo(tf.reshape(rows, [n, oH * sH, oW * sW, c]) as tf.Tensor4D, inHeight, inWidth);
}

/** Crops or zero-pads the bottom/right of x to h x w. */
function fitTo(x: tf.Tensor4D, h: number, w: number): tf.Tensor4D {
  const [n, xh, xw, c] = x.shape;
  if (xh === h && xw === w) return x;
  const cropped = xh > h || xw > w ? tf.slice(x, [0, 0, 0, 0], [n, Math.min(xh, h), Math.min(xw, w), c]) : x;
  const [, ch, cw] = cropped.shape;
  return ch === h && cw === w ? cropped : tf.pad(cropped, [[0, 0], [0, h - ch], [0, w - cw], [0, 0]]);
}
