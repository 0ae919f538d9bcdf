import { tf, Module, initRng } from '@mambabench/core';

/**
 * Stochastic depth per sample (timm's DropPath, and drop_path in EfficientVMamba's
 * lib/models/operations.py used as the InvertedResidual "drop-connect"): in train mode each sample
 * of the batch keeps the residual branch with probability 1 - p, scaled by 1/(1 - p); identity in
 * eval. The mask stream is forked from the init seed, so runs are reproducible.
 */
export class DropPath extends Module {
  private readonly rng = initRng().fork();

  constructor(readonly p = 0) {
    super();
    if (!(p >= 0 && p < 1)) throw new Error(`DropPath: p must be in [0, 1), got ${p}`);
  }

  forward(x: tf.Tensor): tf.Tensor {
    if (!this.training || this.p === 0) return x;
    const keep = 1 - this.p;
    const shape = [x.shape[0], ...x.shape.slice(1).map(() => 1)];
    // floor(keep + U[0, 1)) is 1 with probability keep, as in the reference.
    const mask = tf.floor(tf.add(tf.randomUniform(shape, 0, 1, 'float32', this.rng.int(2 ** 31)), keep));
    return tf.mul(x, tf.div(mask, keep));
  }
}

/** timm's rule: drop-path rates rise linearly from 0 to `rate` over all blocks of the model. */
export function dropPathRates(rate: number, blocks: number): number[] {
  return Array.from({ length: blocks }, (_, i) => (blocks > 1 ? (rate * i) / (blocks - 1) : 0));
}
