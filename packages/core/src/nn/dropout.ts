import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module';
import { initRng } from './init-context';
import type { Rng } from '@mambabench/random';

/**
 * nn.Dropout: zeroes elements with probability p in train mode and scales the rest by 1/(1-p);
 * identity in eval. The mask stream is seeded from the init seed, so a run is reproducible.
 */
export class Dropout extends Module {
  private readonly rng: Rng;

  constructor(readonly p = 0.5) {
    super();
    if (!(p >= 0 && p < 1)) throw new Error(`Dropout: p must be in [0, 1), got ${p}`);
    this.rng = initRng().fork();
  }

  protected override randomStream(): Rng | null {
    return this.rng;
  }

  forward(x: tf.Tensor): tf.Tensor {
    if (!this.training || this.p === 0) return x;
    const keep = 1 - this.p;
    const mask = tf.cast(tf.less(tf.randomUniform(x.shape, 0, 1, 'float32', this.rng.intBelow(2 ** 31)), keep), 'float32');
    return tf.mul(x, tf.mul(mask, 1 / keep));
  }
}
