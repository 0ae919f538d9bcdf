import * as tf from '@tensorflow/tfjs-core';
import { addMacs } from '../nn/macs';

/**
 * Depthwise conv1d over the sequence axis of x [B, L, C] with filter [1, k, C, 1] and bias [C].
 * causal: left-pad k-1 zeros (PyTorch pads k-1 both sides and keeps the first L outputs, which is
 * the same). same: pad (k-1)/2 on each side (MambaVision's non-causal conv, k odd).
 */
export function depthwiseConv1d(
  x: tf.Tensor, filter: tf.Tensor, bias: tf.Tensor | null, mode: 'causal' | 'same' = 'causal',
): tf.Tensor3D {
  const [b, l, c] = x.shape;
  const k = filter.shape[1]!;
  const left = mode === 'causal' ? k - 1 : Math.floor((k - 1) / 2);
  const right = mode === 'causal' ? 0 : k - 1 - left;
  addMacs(b * l * c * k);
  const x4 = tf.reshape(x, [b, 1, l, c]) as tf.Tensor4D;
  const y = tf.depthwiseConv2d(x4, filter as tf.Tensor4D, 1, [[0, 0], [0, 0], [left, right], [0, 0]]);
  const withBias = bias ? tf.add(y, bias) : y;
  return tf.reshape(withBias, [b, l, c]) as tf.Tensor3D;
}
