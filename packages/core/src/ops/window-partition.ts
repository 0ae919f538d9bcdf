import * as tf from '@tensorflow/tfjs-core';

/**
 * MambaVision's window partition on NHWC maps (window_partition / window_reverse in
 * mamba_vision.py): [B, H, W, C] with H and W multiples of w -> [B * nW, w * w, C], windows in
 * row-major order over the (H/w, W/w) grid for each image, tokens row-major inside each window.
 * Padding to a multiple of w is the caller's job (MambaVision pads bottom/right, then crops).
 *
 * Built from rank-4 reshapes and one rank-4 transpose each way, because tfjs-wasm transposes of
 * rank >= 5 are far slower: folding (B, H/w) and (w, C) keeps the 6-D permutation at rank 4.
 */
export function windowPartition(x: tf.Tensor, w: number): tf.Tensor3D {
  const [b, h, width, c] = x.shape as [number, number, number, number];
  if (h % w !== 0 || width % w !== 0) throw new Error(`windowPartition: ${h}x${width} is not a multiple of window ${w}`);
  // [B*H/w, w(row in window), W/w, w*C] -> [B*H/w, W/w, w, w*C]: index (b,i), j, r, s*C+c.
  const rows = tf.reshape(x, [b * (h / w), w, width / w, w * c]);
  return tf.reshape(tf.transpose(rows, [0, 2, 1, 3]), [b * (h / w) * (width / w), w * w, c]) as tf.Tensor3D;
}

/** Exact inverse of windowPartition: [B * nW, w * w, C] -> [B, H, W, C]. */
export function windowReverse(windows: tf.Tensor, w: number, h: number, width: number): tf.Tensor4D {
  const [nw, tokens, c] = windows.shape as [number, number, number];
  if (tokens !== w * w || h % w !== 0 || width % w !== 0 || nw % ((h / w) * (width / w)) !== 0) {
    throw new Error(`windowReverse: [${windows.shape}] does not fit window ${w} on ${h}x${width}`);
  }
  const b = nw / ((h / w) * (width / w));
  const grid = tf.reshape(windows, [b * (h / w), width / w, w, w * c]);
  return tf.reshape(tf.transpose(grid, [0, 2, 1, 3]), [b, h, width, c]) as tf.Tensor4D;
}
