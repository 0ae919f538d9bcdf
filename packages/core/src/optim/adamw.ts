import * as tf from '@tensorflow/tfjs-core';
import type { Parameter } from '../nn/module';
import { ADAMW_UPDATE, type AdamWUpdateAttrs } from './adamw-kernel';

export interface AdamWOptions {
  lr: number;
  weightDecay?: number;
  betas?: [number, number];
  eps?: number;
  /** Skip decay for parameters marked weightDecay=false (mamba_ssm's _no_weight_decay). The
   * published script passes model.parameters() to AdamW, which decays everything: default false. */
  respectNoWeightDecay?: boolean;
}

/**
 * torch.optim.AdamW (amsgrad off): decoupled weight decay p <- p - lr*wd*p, then the Adam step
 * with bias correction. Defaults are PyTorch's: wd 0.01, betas (0.9, 0.999), eps 1e-8.
 */
export class AdamW {
  lr: number;
  readonly weightDecay: number;
  readonly betas: [number, number];
  readonly eps: number;
  step = 0;
  private readonly moments: { m: tf.Variable; v: tf.Variable }[];

  constructor(private readonly params: Parameter[], options: AdamWOptions) {
    this.lr = options.lr;
    this.weightDecay = options.weightDecay ?? 0.01;
    this.betas = options.betas ?? [0.9, 0.999];
    this.eps = options.eps ?? 1e-8;
    const respect = options.respectNoWeightDecay ?? false;
    this.decays = params.map((p) => (respect && !p.weightDecay ? 0 : this.weightDecay));
    this.moments = params.map((p) => tf.tidy(() => ({
      m: tf.variable(tf.zerosLike(p.variable), false),
      v: tf.variable(tf.zerosLike(p.variable), false),
    })));
  }

  private readonly decays: number[];

  /** Applies one update; grads[i] belongs to params[i]. Disposes nothing it did not create. */
  applyGradients(grads: tf.Tensor[]): void {
    if (grads.length !== this.params.length) {
      throw new Error(`AdamW: ${grads.length} gradients for ${this.params.length} parameters`);
    }
    this.step += 1;
    const [b1, b2] = this.betas;
    const bc1 = 1 - b1 ** this.step;
    const bc2 = 1 - b2 ** this.step;
    const stepSize = this.lr / bc1;
    const fused = tf.getKernel(ADAMW_UPDATE, tf.getBackend()) !== undefined;
    tf.tidy(() => {
      this.params.forEach((p, i) => {
        const g = grads[i];
        const { m, v } = this.moments[i];
        if (fused) {
          const attrs: AdamWUpdateAttrs = {
            keep: 1 - this.lr * this.decays[i], decay: this.decays[i] > 0, beta1: b1, beta2: b2,
            sqrtBiasCorrection2: Math.sqrt(bc2), eps: this.eps, stepSize,
          };
          const [pNew, mNew, vNew] = tf.engine().runKernel(ADAMW_UPDATE, { param: p.variable, grad: g, m, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
          m.assign(mNew);
          v.assign(vNew);
          p.variable.assign(pNew);
          return;
        }
        // The same arithmetic, op by op (the fused kernel's reference: it must give these bits).
        const decayed = this.decays[i] > 0 ? tf.mul(p.variable, 1 - this.lr * this.decays[i]) : p.variable;
        const mNew = tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1));
        const vNew = tf.add(tf.mul(v, b2), tf.mul(tf.square(g), 1 - b2));
        const denom = tf.add(tf.div(tf.sqrt(vNew), Math.sqrt(bc2)), this.eps);
        m.assign(mNew);
        v.assign(vNew);
        p.variable.assign(tf.sub(decayed, tf.mul(tf.div(mNew, denom), stepSize)));
      });
    });
  }

  /** State for checkpoints: step and the two moment tensors per parameter, in parameter order. */
  stateTensors(): tf.Variable[] {
    return this.moments.flatMap(({ m, v }) => [m, v]);
  }

  dispose(): void {
    for (const t of this.stateTensors()) t.dispose();
  }
}
