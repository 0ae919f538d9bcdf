import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { AdamW } from '../../optim/adamw';
import { ADAMW_UPDATE } from '../../optim/adamw-kernel';
import type { Parameter } from '../../nn/module';
import { adamwUpdateConfig } from './adamw-update';
import { registerWasmTrainingKernels } from './register';
import { randomValues, relError, withoutKernel } from './test-support';

// Shapes: whole vectors, a tail past them (n % 4 = 3), one element, and one large enough to be
// split among threads where the backend has them.
const SHAPES = [[3, 3, 16, 32], [1, 1, 64, 131], [1], [100_003]];

function makeParams(seed: number): Parameter[] {
  return SHAPES.map((shape, i) => ({
    variable: tf.variable(tf.tensor(randomValues(shape.reduce((a, b) => a * b, 1), seed + i), shape)),
    weightDecay: i % 2 === 0, // half of them skip decay when AdamW respects the flag
  }));
}

const bits = (t: tf.Tensor) => Array.from(new Uint32Array((t.dataSync() as Float32Array).slice().buffer));

describe('fused AdamW update on wasm (assembly/adamw.ts)', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    expect(await tf.setBackend('wasm')).toBe(true);
    expect(tf.getKernel(ADAMW_UPDATE, 'wasm')).toBeDefined();
  });

  it.each([false, true])('gives the composed ops\' bits for params, m and v over 4 steps (respect no-decay flags: %s)', (respect) => {
    const fusedParams = makeParams(1);
    const composedParams = makeParams(1);
    const options = { lr: 3e-3, weightDecay: 0.05, respectNoWeightDecay: respect };
    const fused = new AdamW(fusedParams, options);
    const composed = new AdamW(composedParams, options);
    for (let step = 0; step < 4; step++) {
      const grads = SHAPES.map((shape, i) => tf.tensor(randomValues(shape.reduce((a, b) => a * b, 1), 100 * step + i), shape));
      fused.applyGradients(grads);
      withoutKernel(adamwUpdateConfig, () => composed.applyGradients(grads));
      tf.dispose(grads);
      fusedParams.forEach((p, i) => expect(bits(p.variable), `param ${i}, step ${step}`).toEqual(bits(composedParams[i].variable)));
      fused.stateTensors().forEach((t, i) => expect(bits(t), `moment ${i}, step ${step}`).toEqual(bits(composed.stateTensors()[i])));
    }
    tf.dispose([...fusedParams, ...composedParams].map((p) => p.variable));
    fused.dispose();
    composed.dispose();
  });

  it('matches a float64 loop of torch.optim.AdamW\'s update', () => {
    const shape = [1, 1, 64, 131];
    const n = 64 * 131;
    const p0 = randomValues(n, 7);
    const g = randomValues(n, 8);
    const param: Parameter = { variable: tf.variable(tf.tensor(p0, shape)), weightDecay: true };
    const [lr, wd, b1, b2, eps] = [1e-2, 0.01, 0.9, 0.999, 1e-8];
    const opt = new AdamW([param], { lr, weightDecay: wd });
    const gt = tf.tensor(g, shape);
    opt.applyGradients([gt]);
    opt.applyGradients([gt]);
    const expected = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let [p, m, v] = [p0[i], 0, 0];
      for (let t = 1; t <= 2; t++) {
        p *= 1 - lr * wd;
        m = b1 * m + (1 - b1) * g[i];
        v = b2 * v + (1 - b2) * g[i] * g[i];
        p -= (lr / (1 - b1 ** t)) * m / (Math.sqrt(v) / Math.sqrt(1 - b2 ** t) + eps);
      }
      expected[i] = p;
    }
    expect(relError(param.variable.dataSync(), expected)).toBeLessThan(1e-6);
    tf.dispose([param.variable, gt]);
    opt.dispose();
  });

  it('leaves no tensors behind across steps', () => {
    const params = makeParams(3);
    const opt = new AdamW(params, { lr: 1e-3 });
    const grads = params.map((p) => tf.onesLike(p.variable));
    opt.applyGradients(grads);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) opt.applyGradients(grads);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([...grads, ...params.map((p) => p.variable)]);
    opt.dispose();
  });

  it('refuses a gradient of another shape, naming it', () => {
    const p = tf.zeros([4, 4]);
    expect(() => tf.engine().runKernel(ADAMW_UPDATE, { param: p, grad: tf.zeros([16]), m: p, v: p }, {})).toThrow(
      /MambabenchAdamWUpdate: grad must be float32 of shape \[4,4\], got float32 \[16\]/,
    );
  });
});
