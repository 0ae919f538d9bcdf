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
 * Spreads the rows and columns of x apart by the stride: out[n, y*sH, x*sW, c] = x[n, y, x, c],
 * zeros elsewhere, size [N, H*sH, W*sW, C] (trailing zeros included; callers crop or pad them).
 * Done as reshape + pad + reshape so it is one PadV2 copy instead of a scatter.
 */
export function dilateByStride(x: tf.Tensor4D, sH: number, sW: number): tf.Tensor4D {
  if (sH === 1 && sW === 1) return x;
  const [n, h, w, c] = x.shape;
  const spread = tf.pad(tf.reshape(x, [n, h, 1, w, 1, c]), [[0, 0], [0, 0], [0, sH - 1], [0, 0], [0, sW - 1], [0, 0]]);
  return tf.reshape(spread, [n, h * sH, w * sW, c]);
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

/**
 * The input gradient of a (depthwise) convolution is a stride-1 forward convolution of the
 * stride-dilated output gradient with the spatially flipped filter. This prepares that
 * convolution's input and padding from the forward conv's geometry:
 * dx[i] = sum_k dyDilated[i + top - (effF - 1) + k] * flipped[k], so the dilated gradient needs
 * effF-1-top cells before it and enough after it to yield exactly inHeight outputs.
 */
export function backpropInputOperand(
  dy: tf.Tensor4D,
  info: backend_util.Conv2DInfo,
): { x: tf.Tensor4D; pad: ExplicitPad } {
  const { strideHeight: sH, strideWidth: sW, padInfo } = info;
  const dilated = dilateByStride(dy, sH, sW);
  const lenH = dilated.shape[1];
  const lenW = dilated.shape[2];
  return cropAndPad(
    dilated,
    info.effectiveFilterHeight - 1 - padInfo.top,
    info.inHeight + padInfo.top - lenH,
    info.effectiveFilterWidth - 1 - padInfo.left,
    info.inWidth + padInfo.left - lenW,
  );
}
