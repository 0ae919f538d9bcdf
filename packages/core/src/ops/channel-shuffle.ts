import * as tf from '@tensorflow/tfjs-core';

/**
 * ShuffleNet's channel shuffle over the last (channel) axis of an NHWC tensor, equal to PyTorch's
 * channel_shuffle on NCHW (view (B, g, C/g, H, W) -> transpose(1, 2) -> flatten) and to
 * MedMamba's NHWC version: output channel j*g + q = input channel q*(C/g) + j.
 * With g = 2 the two halves are interleaved: out 2i = in i, out 2i+1 = in C/2 + i.
 * One rank-3 transpose over [rows, g, C/g], so any input rank works.
 */
export function channelShuffle(x: tf.Tensor, groups: number): tf.Tensor {
  const c = x.shape[x.rank - 1];
  if (!(Number.isInteger(groups) && groups >= 1 && c % groups === 0)) {
    throw new Error(`channelShuffle: ${c} channels cannot be split into ${groups} groups`);
  }
  if (groups === 1) return x;
  const rows = x.size / c;
  const shuffled = tf.transpose(tf.reshape(x, [rows, groups, c / groups]), [0, 2, 1]);
  return tf.reshape(shuffled, x.shape);
}
