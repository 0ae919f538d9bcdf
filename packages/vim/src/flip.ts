import { tf } from '@mambabench/core';

/**
 * Longest sequence for which flipTokens multiplies by an anti-identity instead of calling
 * tf.reverse. Measured on wasm for [8, L, 384]: L = 65 takes 2.3 ms this way vs 6.0 ms with
 * tf.reverse (a per-element index loop there); at L = 197 the L^2 matmul is slower (45 vs 30 ms).
 */
const MATMUL_FLIP_MAX_LENGTH = 128;

/**
 * Reverses the token axis of x [B, L, C] (torch's x.flip([1])), exactly: the product with a 0/1
 * anti-identity adds only exact zeros. For short sequences the tokens go to the rows of a 2-D
 * [L, B*C] matrix (one rank-3 transpose each way) so the flip is one fast 2-D matMul; its
 * gradient is the same flip. Data movement, so it adds no MACs to the count.
 */
export function flipTokens(x: tf.Tensor): tf.Tensor {
  const [b, l, c] = x.shape as [number, number, number];
  if (l > MATMUL_FLIP_MAX_LENGTH) return tf.reverse(x, 1);
  const anti = new Float32Array(l * l);
  for (let i = 0; i < l; i++) anti[i * l + (l - 1 - i)] = 1;
  const rows = tf.reshape(tf.transpose(x, [1, 0, 2]), [l, b * c]) as tf.Tensor2D;
  const flipped = tf.matMul(tf.tensor2d(anti, [l, l]), rows);
  return tf.transpose(tf.reshape(flipped, [l, b, c]), [1, 0, 2]);
}
