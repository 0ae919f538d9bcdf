import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module';
import { initRng } from './init-context';
import type { Rng } from '@mambabench/random';

/**
 * Stochastic depth per sample (timm's DropPath, used by VMamba's VSSBlock and MedMamba's
 * SS_Conv_SSM on their residual branches): in train mode each sample keeps the branch with
 * probability 1 - p and is scaled by 1/(1 - p); identity in eval mode or when p = 0.
 * The keep/drop draws come from a generator forked off the init seed at construction, so a run
 * is reproducible and identical on every backend (tf.randomUniform is not).
 */
export class DropPath extends Module {
  private readonly rng: Rng | null;

  constructor(readonly p = 0) {
    super();
    if (!(p >= 0 && p < 1)) throw new Error(`DropPath: p must be in [0, 1), got ${p}`);
    // Only fork when needed: a fork consumes a draw from the init stream.
    this.rng = p > 0 ? initRng().fork() : null;
  }

  protected override randomStream(): Rng | null {
    return this.rng;
  }

  forward(x: tf.Tensor): tf.Tensor {
    if (!this.training || !this.rng) return x;
    const keep = 1 - this.p;
    const batch = x.shape[0];
    const scale = new Float32Array(batch);
    for (let i = 0; i < batch; i++) scale[i] = this.rng.chance(keep) ? 1 / keep : 0;
    return tf.mul(x, tf.tensor(scale, [batch, ...x.shape.slice(1).map(() => 1)]));
  }
}

/** timm's stochastic-depth decay rule: torch.linspace(0, rate, blocks), one rate per block. */
export function dropPathRates(rate: number, blocks: number): number[] {
  return Array.from({ length: blocks }, (_, i) => (blocks > 1 ? (rate * i) / (blocks - 1) : 0));
}
