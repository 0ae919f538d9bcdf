import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module';
import { SILU_GRAD } from './silu-grad-kernel';

/**
 * SiLU(x) = x * sigmoid(x), as torch.nn.functional.silu. The forward is tfjs's Sigmoid and
 * Multiply; the gradient is the one their composition gives, dy * s + (dy * x) * (s * (1 - s)),
 * written out here so that a backend with the fused kernel (SILU_GRAD) runs it as one pass, and
 * every other backend as the same ops autodiff would have run.
 */
export const silu = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const x = args[0] as tf.Tensor;
  const save = args[1] as tf.GradSaveFunc;
  const s = tf.sigmoid(x);
  save([x, s]);
  return {
    value: tf.mul(x, s),
    gradFunc: (dy: tf.Tensor, [xs, ss]: tf.Tensor[]) => {
      if (tf.getKernel(SILU_GRAD, tf.getBackend()) !== undefined) {
        return tf.engine().runKernel(SILU_GRAD, { dy, x: xs, s: ss }) as tf.Tensor;
      }
      // Temporaries freed as soon as they are used, as autodiff's per-node scopes would: a
      // backward pass's peak memory counts each one that lives on.
      const viaSigmoid = tf.tidy(() => tf.mul(tf.mul(dy, xs), tf.tidy(() => tf.mul(ss, tf.sub(tf.scalar(1), ss)))));
      const direct = tf.mul(dy, ss);
      const dx = tf.add(direct, viaSigmoid);
      tf.dispose([direct, viaSigmoid]);
      return dx;
    },
  };
}) as (x: tf.Tensor) => tf.Tensor;

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
