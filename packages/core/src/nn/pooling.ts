import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module';

/** AdaptiveAvgPool2d(1) followed by flatten: NHWC [B, H, W, C] -> [B, C]. */
export function globalAvgPool(x: tf.Tensor): tf.Tensor2D {
  return tf.mean(x, [1, 2]) as tf.Tensor2D;
}

export class GlobalAvgPool extends Module {
  forward(x: tf.Tensor): tf.Tensor {
    return globalAvgPool(x);
  }
}
