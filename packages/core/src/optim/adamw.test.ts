import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { AdamW } from './adamw';
import { useBackend, relError } from '../testing/backends';

/** torch.optim.AdamW's update written out in float64, for a handful of steps. */
function adamwRef(p0: number[], grads: number[][], lr: number, wd: number, b1: number, b2: number, eps: number) {
  const p = [...p0];
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  grads.forEach((g, t) => {
    const step = t + 1;
    for (let i = 0; i < p.length; i++) {
      p[i] *= 1 - lr * wd;
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      const mhat = m[i] / (1 - b1 ** step);
      const vhat = v[i] / (1 - b2 ** step);
      p[i] -= (lr * mhat) / (Math.sqrt(vhat) + eps);
    }
  });
  return p;
}

describe('AdamW', () => {
  it('matches torch.optim.AdamW over several steps', async () => {
    await useBackend('cpu');
    const p0 = [0.5, -1.2, 3.0, 0.01];
    const grads = [[0.1, -0.3, 2.0, 0.0], [0.2, 0.1, -1.0, 1e-4], [-0.5, 0.3, 0.5, 0.2]];
    const variable = tf.variable(tf.tensor1d(p0));
    const opt = new AdamW([{ variable, weightDecay: true }], { lr: 0.01, weightDecay: 0.1, betas: [0.9, 0.99], eps: 1e-8 });
    for (const g of grads) opt.applyGradients([tf.tensor1d(g)]);
    expect(relError(variable.dataSync(), adamwRef(p0, grads, 0.01, 0.1, 0.9, 0.99, 1e-8))).toBeLessThan(1e-6);
    expect(opt.step).toBe(3);
  });

  it('decays every parameter by default (as the published script) and can honour no-decay marks', async () => {
    await useBackend('cpu');
    const mk = () => [tf.variable(tf.tensor1d([1])), tf.variable(tf.tensor1d([1]))];
    const [a, b] = mk();
    new AdamW([{ variable: a, weightDecay: true }, { variable: b, weightDecay: false }], { lr: 0.1, weightDecay: 0.5 })
      .applyGradients([tf.tensor1d([0]), tf.tensor1d([0])]);
    expect(a.dataSync()[0]).toBeCloseTo(0.95, 6);
    expect(b.dataSync()[0]).toBeCloseTo(0.95, 6);
    const [c, d] = mk();
    new AdamW([{ variable: c, weightDecay: true }, { variable: d, weightDecay: false }], { lr: 0.1, weightDecay: 0.5, respectNoWeightDecay: true })
      .applyGradients([tf.tensor1d([0]), tf.tensor1d([0])]);
    expect(c.dataSync()[0]).toBeCloseTo(0.95, 6);
    expect(d.dataSync()[0]).toBeCloseTo(1, 6);
  });
});
