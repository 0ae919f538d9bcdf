import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module';
import { constantInit } from './init';

/**
 * nn.LayerNorm over the last axis (channels in NHWC, features in [B, L, C]): biased variance,
 * eps 1e-5 by default, affine weight 1 / bias 0 at init. VMamba's LayerNorm2d on NCHW is this op on
 * NHWC.
 */
export class LayerNorm extends Module {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;

  constructor(readonly dim: number, readonly eps = 1e-5) {
    super();
    this.weight = this.addParameter('weight', [dim], constantInit(1));
    this.bias = this.addParameter('bias', [dim], constantInit(0));
  }

  forward(x: tf.Tensor): tf.Tensor {
    const { mean, variance } = tf.moments(x, -1, true);
    const xhat = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.eps)));
    return tf.add(tf.mul(xhat, this.weight), this.bias);
  }
}
