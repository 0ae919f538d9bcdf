import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module';
import { constantInit } from './init';

/**
 * RMSNorm over the last axis, as mamba_ssm's RMSNorm (Vim's norm): y = x / sqrt(mean(x^2) + eps) * w.
 * One weight[d] initialised to 1 and no bias (the reference registers bias as None), so the
 * parameter count is d. No mean is subtracted, unlike LayerNorm.
 */
export class RMSNorm extends Module {
  readonly weight: tf.Variable;

  constructor(readonly dim: number, readonly eps = 1e-5) {
    super();
    this.weight = this.addParameter('weight', [dim], constantInit(1));
  }

  forward(x: tf.Tensor): tf.Tensor {
    const meanSquare = tf.mean(tf.square(x), -1, true);
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(meanSquare, this.eps))), this.weight);
  }
}
