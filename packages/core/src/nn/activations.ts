import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module';

/** SiLU(x) = x * sigmoid(x), as torch.nn.functional.silu. */
export function silu(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.sigmoid(x));
}

export class ReLU extends Module {
  forward(x: tf.Tensor): tf.Tensor {
    return tf.relu(x);
  }
}

export class SiLU extends Module {
  forward(x: tf.Tensor): tf.Tensor {
    return silu(x);
  }
}
