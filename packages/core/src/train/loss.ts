import * as tf from '@tensorflow/tfjs-core';

/** Mean cross-entropy of logits [B, K] against integer labels [B] (nn.CrossEntropyLoss). */
export function crossEntropy(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  const k = logits.shape[logits.rank - 1];
  const oneHot = tf.oneHot(tf.cast(labels, 'int32') as tf.Tensor1D, k);
  return softCrossEntropy(logits, oneHot);
}

/** Cross-entropy against soft targets [B, K] (label smoothing, mixup). */
export function softCrossEntropy(logits: tf.Tensor, targets: tf.Tensor): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), -1))) as tf.Scalar;
}
