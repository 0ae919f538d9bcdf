import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ModelEma } from './ema';
import { Module } from '../nn/module';
import { constantInit } from '../nn/init';
import { useBackend } from '../testing/backends';

/** One parameter and one buffer, so both kinds of state are visible. */
class Tiny extends Module {
  readonly w: tf.Variable;
  readonly stat: tf.Variable;
  constructor() {
    super();
    this.w = this.addParameter('w', [3], constantInit(1));
    this.stat = this.addBuffer('stat', [2], constantInit(10));
  }
  forward(x: tf.Tensor): tf.Tensor {
    return tf.mul(x, this.w);
  }
}

const vals = (t: tf.Tensor) => Array.from(t.dataSync());

describe.each(['cpu', 'wasm'] as const)('ModelEma on %s', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });
  let model: Tiny;
  beforeAll(() => {
    model = new Tiny();
  });
  afterAll(() => model.dispose());

  const setWeights = (w: number[], stat: number[]) => tf.tidy(() => {
    model.w.assign(tf.tensor1d(w));
    model.stat.assign(tf.tensor1d(stat));
  });

  it('averages parameters and buffers like timm ModelEmaV2: e = d e + (1 - d) w per update', () => {
    setWeights([1, 1, 1], [10, 10]);
    const d = 0.9;
    const ema = new ModelEma(model, d);
    const steps: [number[], number[]][] = [[[2, 0, -1], [12, 8]], [[3, 1, 0], [14, 6]], [[-1, 5, 2], [9, 9]]];
    let e = [1, 1, 1];
    let s = [10, 10];
    for (const [w, stat] of steps) {
      setWeights(w, stat);
      ema.update();
      e = e.map((v, i) => d * v + (1 - d) * w[i]);
      s = s.map((v, i) => d * v + (1 - d) * stat[i]);
    }
    const sd = ema.stateDict();
    vals(sd.get('w')!).forEach((v, i) => expect(v).toBeCloseTo(e[i], 5));
    vals(sd.get('stat')!).forEach((v, i) => expect(v).toBeCloseTo(s[i], 5));
    expect(ema.updates).toBe(3);
    ema.dispose();
  });

  it("buffers: 'copy' copies buffers and still averages parameters", () => {
    setWeights([0, 0, 0], [1, 1]);
    const ema = new ModelEma(model, 0.5, { buffers: 'copy' });
    setWeights([4, 4, 4], [7, 3]);
    ema.update();
    expect(vals(ema.stateDict().get('w')!)).toEqual([2, 2, 2]);
    expect(vals(ema.stateDict().get('stat')!)).toEqual([7, 3]);
    ema.dispose();
  });

  it('withEmaWeights evaluates with the EMA weights and restores the live ones, even on throw', () => {
    setWeights([0, 0, 0], [0, 0]);
    const ema = new ModelEma(model, 0.5);
    setWeights([8, 8, 8], [4, 4]);
    ema.update(); // ema: w 4, stat 2
    const out = ema.withEmaWeights(() => tf.tidy(() => vals(model.forward(tf.ones([3])))));
    expect(out).toEqual([4, 4, 4]);
    expect(vals(model.w)).toEqual([8, 8, 8]);
    expect(vals(model.stat)).toEqual([4, 4]);
    expect(() => ema.withEmaWeights(() => {
      expect(vals(model.stat)).toEqual([2, 2]);
      throw new Error('boom');
    })).toThrow('boom');
    expect(vals(model.w)).toEqual([8, 8, 8]);
    ema.swapIn();
    expect(() => ema.update()).toThrow('while the EMA weights are swapped into the model');
    expect(() => ema.swapIn()).toThrow('already swapped in');
    ema.swapOut();
    expect(() => ema.swapOut()).toThrow('not swapped in');
    ema.dispose();
    expect(() => ema.update()).toThrow('ModelEma.update() after dispose()');
  });

  it('withEmaWeights keeps the EMA weights in until an async fn settles', async () => {
    setWeights([0, 0, 0], [0, 0]);
    const ema = new ModelEma(model, 0.5);
    setWeights([2, 2, 2], [2, 2]);
    const seen = await ema.withEmaWeights(async () => {
      await new Promise((r) => setTimeout(r, 5));
      return vals(model.w);
    });
    expect(seen).toEqual([0, 0, 0]);
    expect(vals(model.w)).toEqual([2, 2, 2]);
    ema.dispose();
  });

  it('leaks no tensors across updates and swaps, and dispose frees its copies', () => {
    const before = tf.memory().numTensors;
    const ema = new ModelEma(model);
    const withEma = tf.memory().numTensors;
    expect(withEma - before).toBe(2);
    for (let i = 0; i < 5; i++) {
      setWeights([i, i, i], [i, i]);
      ema.update();
      ema.withEmaWeights(() => tf.tidy(() => model.forward(tf.ones([3])).dataSync()));
    }
    expect(tf.memory().numTensors).toBe(withEma);
    ema.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
