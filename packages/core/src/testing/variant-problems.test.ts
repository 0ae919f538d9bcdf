import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../backend';
import { Module, Sequential } from '../nn/module';
import { Linear } from '../nn/linear';
import { GlobalAvgPool, globalAvgPool } from '../nn/pooling';
import type { ModelSpec } from '../registry';
import { variantProblems } from './variant-problems';

const spec = (build: () => Module, params?: number): ModelSpec =>
  ({ name: 'probe', family: 'Probe', size: 'scaled', description: 'd', build, expectedParams: params === undefined ? undefined : () => params });

/** Pool then a 3 -> 2 head (8 parameters); `spare` (6 parameters) is never used, and each forward can leave a tensor behind. */
class Probe extends Module {
  readonly head = this.addModule('head', new Linear(3, 2));
  readonly spare: Linear | null;
  constructor(withSpare: boolean, readonly leak: boolean) {
    super();
    this.spare = withSpare ? this.addModule('spare', new Linear(2, 2)) : null;
  }
  forward(x: tf.Tensor): tf.Tensor {
    if (this.leak) tf.keep(tf.zeros([1]));
    return this.head.forward(globalAvgPool(x));
  }
}

describe('variantProblems', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('finds nothing wrong with a pooled linear classifier that registers its 8 parameters', () => {
    expect(variantProblems(spec(() => new Sequential(new GlobalAvgPool(), new Linear(3, 2)), 8), 16)).toEqual([]);
  });

  it('names a wrong registered count, a parameter without gradient and leaked tensors', () => {
    expect(variantProblems(spec(() => new Probe(false, false), 9), 16)).toEqual(['has 8 parameters but registers 9 (set its params to the new count)']);
    expect(variantProblems(spec(() => new Probe(true, false)), 16)).toEqual(['gradient check: spare.weight', 'gradient check: spare.bias']);
    // Three forwards (train, eval, gradient), one kept tensor each.
    expect(variantProblems(spec(() => new Probe(false, true)), 16)).toEqual(['leaves 3 tensors allocated']);
  });
});
