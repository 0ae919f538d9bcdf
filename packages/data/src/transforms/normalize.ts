/** torchvision Normalize(mean, std) on NHWC batches in [0, 1]: (x - mean) / std per channel. */
import * as tf from '@tensorflow/tfjs-core';

export type Triple = [number, number, number];

/** torchvision's ImageNet statistics, used by the published dr_dataset.py transform set. */
export const IMAGENET_MEAN: Triple = [0.485, 0.456, 0.406];
export const IMAGENET_STD: Triple = [0.229, 0.224, 0.225];

/**
 * One fused [N,3]x[3,3] matMul with a diagonal matrix (1/std) and a bias (-mean/std): the
 * wasm backend broadcasts a per-channel [3] operand over NHWC far more slowly than it runs this.
 */
export function normalizeBatch(x: tf.Tensor4D, mean: Triple, std: Triple): tf.Tensor4D {
  if (std.some((s) => !(s > 0))) throw new Error(`normalize: std must be > 0, got [${std.join(', ')}]`);
  return tf.tidy(() => {
    const scale = tf.tensor2d([[1 / std[0], 0, 0], [0, 1 / std[1], 0], [0, 0, 1 / std[2]]]);
    const bias = tf.tensor1d(mean.map((m, c) => -m / std[c]));
    return tf.fused.matMul({ a: x.reshape([-1, 3]), b: scale, bias }).reshape(x.shape) as tf.Tensor4D;
  });
}
