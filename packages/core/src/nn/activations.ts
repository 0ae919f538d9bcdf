import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module';

/** d/dx SiLU(x) = s * (1 + x * (1 - s)), s = sigmoid(x). */
function siluDerivative(x: tf.Tensor): tf.Tensor {
  const s = tf.sigmoid(x);
  return tf.mul(s, tf.add(1, tf.mul(x, tf.sub(1, s))));
}

// Custom ops so the tape keeps only the inputs: composed from sigmoid and mul, SiLU keeps
// sigmoid(x) as well, and the Mamba gate y * SiLU(z) two more (L x d_inner) tensors per layer.
const siluOp = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const x = args[0] as tf.Tensor;
  (args[1] as tf.GradSaveFunc)([x]);
  return { value: tf.mul(x, tf.sigmoid(x)), gradFunc: (dy: tf.Tensor, [xs]: tf.Tensor[]) => tf.mul(dy, siluDerivative(xs)) };
});

const siluGateOp = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [y, z] = args as tf.Tensor[];
  (args[2] as tf.GradSaveFunc)([y, z]);
  return {
    value: tf.mul(y, tf.mul(z, tf.sigmoid(z))),
    gradFunc: (dy: tf.Tensor, [ys, zs]: tf.Tensor[]) => [tf.mul(dy, tf.mul(zs, tf.sigmoid(zs))), tf.mul(tf.mul(dy, ys), siluDerivative(zs))],
  };
});

/** SiLU(x) = x * sigmoid(x), as torch.nn.functional.silu. */
export function silu(x: tf.Tensor): tf.Tensor {
  return siluOp(x);
}

/** y * SiLU(z), Mamba's output gate (y and z of one shape). */
export function siluGate(y: tf.Tensor, z: tf.Tensor): tf.Tensor {
  return siluGateOp(y, z);
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
