import * as tf from '@tensorflow/tfjs-core';

/**
 * VMamba's SS2D cross-scan / cross-merge (CrossScan / CrossMerge in MzeroMiko/VMamba, and the
 * inline x_hwwh / inv_y / wh_y code of MedMamba's SS2D.forward_corev0), on NHWC maps.
 *
 * Scan: [B, H, W, C] -> four [B, H*W, C] sequences in the reference's k order:
 *   k0 row-major       token i*W + j          <- pixel (i, j)
 *   k1 column-major    token j*H + i          <- pixel (i, j)   (the transpose, flattened)
 *   k2 k0 reversed     token L-1 - (i*W + j)  <- pixel (i, j)
 *   k3 k1 reversed     token L-1 - (j*H + i)  <- pixel (i, j)
 * Merge: map every sequence back to its pixels (flip back, transpose back) and sum the four.
 *
 * Built from reshapes, rank-4 transposes and tf.reverse along the token axis, all of which
 * have gradients on every backend.
 */

type Seq = tf.Tensor3D;

/** [B, H, W, C] -> [k0, k1, k2, k3], each [B, H*W, C]. */
export function crossScan(x: tf.Tensor): Seq[] {
  const [b, h, w, c] = x.shape as [number, number, number, number];
  const rows = tf.reshape(x, [b, h * w, c]) as Seq;
  const cols = tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [b, h * w, c]) as Seq;
  return [rows, cols, tf.reverse(rows, 1), tf.reverse(cols, 1)];
}

/** Maps direction k's sequence [B, H*W, C] alone back to [B, H, W, C]: the exact inverse of its scan. */
export function crossUnscan(y: tf.Tensor, k: number, height: number, width: number): tf.Tensor4D {
  const [b, l, c] = y.shape as [number, number, number];
  if (l !== height * width) throw new Error(`crossUnscan: ${l} tokens for a ${height}x${width} map`);
  if (!(k >= 0 && k < 4 && Number.isInteger(k))) throw new Error(`crossUnscan: direction ${k} not in 0..3`);
  const forward = k >= 2 ? tf.reverse(y, 1) : y;
  return (k % 2 === 0
    ? tf.reshape(forward, [b, height, width, c])
    : tf.transpose(tf.reshape(forward, [b, width, height, c]), [0, 2, 1, 3])) as tf.Tensor4D;
}

/**
 * Sum of the four directions mapped back: [B, H*W, C] x 4 -> [B, H, W, C]. As the reference,
 * the reversed pairs are flipped and added first, so one transpose serves both column-major
 * sequences: (y0 + flip y2) + transpose(y1 + flip y3).
 */
export function crossMerge(ys: tf.Tensor[], height: number, width: number): tf.Tensor4D {
  if (ys.length !== 4) throw new Error(`crossMerge: expected 4 sequences, got ${ys.length}`);
  const [b, l, c] = ys[0].shape as [number, number, number];
  if (l !== height * width) throw new Error(`crossMerge: ${l} tokens for a ${height}x${width} map`);
  const rowMajor = tf.add(ys[0], tf.reverse(ys[2], 1));
  const colMajor = tf.add(ys[1], tf.reverse(ys[3], 1));
  const cols = tf.transpose(tf.reshape(colMajor, [b, width, height, c]), [0, 2, 1, 3]);
  return tf.add(tf.reshape(rowMajor, [b, height, width, c]), cols) as tf.Tensor4D;
}
