import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module';

/** Exact GELU, x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2)), as nn.GELU(). */
export function gelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
}

/** GELU with the tanh approximation, as nn.GELU(approximate='tanh'). */
export function geluTanh(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}

export class GELU extends Module {
  constructor(readonly approximate: 'none' | 'tanh' = 'none') {
    super();
  }
  forward(x: tf.Tensor): tf.Tensor {
    return this.approximate === 'tanh' ? geluTanh(x) : gelu(x);
  }
}
