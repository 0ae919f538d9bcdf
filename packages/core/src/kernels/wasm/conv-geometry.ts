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
