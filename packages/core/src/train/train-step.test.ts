import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Module, Sequential } from '../nn/module';
import { Conv2d } from '../nn/conv2d';
import { BatchNorm2d } from '../nn/batchnorm2d';
import { ReLU } from '../nn/activations';
import { Linear } from '../nn/linear';
import { GlobalAvgPool } from '../nn/pooling';
import { Mamba } from '../mamba/mamba';
import { withInitSeed } from '../nn/init-context';
import { AdamW } from '../optim/adamw';
import { trainStep, clipByGlobalNorm, countCorrect, evaluate, type StepResult } from './train-step';
import { crossEntropy } from './loss';
import { useBackend, TEST_BACKENDS, randomArray } from '../testing/backends';

/** A small conv + Mamba classifier that touches every layer kind the models use. */
class TinyNet extends Module {
  readonly features = this.addModule('features', new Sequential(new Conv2d(3, 8, 3, { stride: 2, padding: 1 }), new BatchNorm2d(8), new ReLU()));
  readonly mamba = this.addModule('mamba', new Mamba(8, { dState: 4 }));
  readonly pool = this.addModule('pool', new GlobalAvgPool());
  readonly head = this.addModule('head', new Linear(8, 2));
  forward(x: tf.Tensor) {
    const f = this.features.forward(x);
    const [b, h, w, c] = f.shape;
    const s = tf.reshape(this.mamba.forward(tf.reshape(f, [b, h * w, c])), [b, h, w, c]);
    return this.head.forward(this.pool.forward(tf.add(s, f)));
  }
}

describe.each(TEST_BACKENDS)('trainStep on %s', (backend) => {
  it('lowers the loss on a fixed batch and leaks no tensors over 20 steps', async () => {
    await useBackend(backend);
    const model = withInitSeed(3, () => new TinyNet());
    const opt = new AdamW(model.parameters(), { lr: 1e-2 });
    const x = tf.tensor4d(randomArray(8 * 8 * 8 * 3, 9), [8, 8, 8, 3]);
    const y = tf.tensor1d([0, 1, 0, 1, 1, 0, 0, 1], 'int32');
    const read = async (r: StepResult) => {
      const [loss, correct] = await Promise.all([r.loss.data(), r.correct.data()]);
      tf.dispose([r.loss, r.correct]);
      return { loss: loss[0], correct: correct[0], count: r.count };
    };
    const first = await read(trainStep(model, opt, x, y));
    const tensorsAfterFirst = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 19; i++) last = await read(trainStep(model, opt, x, y));
    expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
    expect(last.loss).toBeLessThan(first.loss * 0.7);
    expect(last.count).toBe(8);
    expect(last.correct).toBeGreaterThanOrEqual(0);
    expect(last.correct).toBeLessThanOrEqual(8);
  });
});

describe('trainStep with gradient accumulation', () => {
  /** No BatchNorm, so a step on slices must equal a step on the whole batch up to rounding. */
  const build = () => withInitSeed(5, () => new Sequential(new Conv2d(3, 6, 3, { stride: 2, padding: 1 }), new ReLU(), new GlobalAvgPool(), new Linear(6, 3)));

  it.each([
    ['hard labels', false, undefined],
    ['soft targets and clipping', true, 0.05],
  ] as const)('k slices give the whole batch\'s update, loss and correct count (%s), with no tensor growth', async (_, soft, clip) => {
    await useBackend('cpu');
    const x = tf.tensor4d(randomArray(8 * 6 * 6 * 3, 4), [8, 6, 6, 3]);
    const y = tf.tensor1d([0, 1, 2, 0, 1, 2, 1, 0], 'int32');
    const targets = soft ? tf.tensor2d(randomArray(8 * 3, 6).map((v) => Math.abs(v)), [8, 3]) : y;
    /** The weights after two steps with k slices; the second step must leave no tensor behind. */
    const twoSteps = (k: number) => {
      const model = build();
      const opt = new AdamW(model.parameters(), { lr: 1e-2 });
      tf.dispose(Object.values(trainStep(model, opt, x, y, targets, clip, k)).filter((t) => t instanceof tf.Tensor));
      const held = tf.memory().numTensors;
      const r = trainStep(model, opt, x, y, targets, clip, k);
      expect(r.count).toBe(8);
      tf.dispose([r.loss, r.correct]);
      expect(tf.memory().numTensors).toBe(held);
      const weights = model.parameters().map((p) => Array.from(p.variable.dataSync()));
      model.dispose();
      opt.dispose();
      return weights;
    };
    const whole = twoSteps(1);
    const start = build().parameters().map((p) => Array.from(p.variable.dataSync()));
    expect(whole[0]).not.toEqual(start[0]); // the steps moved the weights
    for (const k of [2, 4]) {
      twoSteps(k).forEach((w, i) => w.forEach((v, j) => expect(v).toBeCloseTo(whole[i]![j]!, 5)));
    }
    expect(() => trainStep(build(), new AdamW(build().parameters(), { lr: 1 }), x, y, targets, clip, 3)).toThrow(/accumulate must be a whole divisor of the batch \(8\), got 3/);
  });

  it('sums the slices\' losses and correct counts to the whole batch\'s', async () => {
    await useBackend('cpu');
    const x = tf.tensor4d(randomArray(8 * 6 * 6 * 3, 4), [8, 6, 6, 3]);
    const y = tf.tensor1d([0, 1, 2, 0, 1, 2, 1, 0], 'int32');
    const first = (k: number) => {
      const model = build();
      const r = trainStep(model, new AdamW(model.parameters(), { lr: 1e-2 }), x, y, y, undefined, k);
      return { loss: r.loss.dataSync()[0]!, correct: r.correct.dataSync()[0]! };
    };
    const whole = first(1);
    const sliced = first(4);
    expect(sliced.loss).toBeCloseTo(whole.loss, 6);
    expect(sliced.correct).toBe(whole.correct);
  });
});

describe('clipByGlobalNorm', () => {
  it('scales gradients to the max norm like clip_grad_norm_', async () => {
    await useBackend('cpu');
    const [a, b] = clipByGlobalNorm([tf.tensor1d([3, 0]), tf.tensor1d([0, 4])], 1);
    expect(Array.from(a.dataSync())[0]).toBeCloseTo(0.6, 5);
    expect(Array.from(b.dataSync())[1]).toBeCloseTo(0.8, 5);
    const [c] = clipByGlobalNorm([tf.tensor1d([0.3, 0.4])], 1);
    expect(Array.from(c.dataSync())).toEqual([expect.closeTo(0.3, 6), expect.closeTo(0.4, 6)]);
  });

  it('releases every intermediate (the norm and scale stay inside its tidy)', async () => {
    await useBackend('cpu');
    const grads = [tf.tensor1d([3, 0]), tf.tensor2d([[0, 4]])];
    const before = tf.memory().numTensors;
    const clipped = clipByGlobalNorm(grads, 2);
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(Array.from(await clipped[1].data())[1]).toBeCloseTo(1.6, 5);
    tf.dispose([...grads, ...clipped]);
  });
});

describe('countCorrect', () => {
  it('counts arg-max hits as an int32 scalar on the device', async () => {
    await useBackend('cpu');
    const c = countCorrect(tf.tensor2d([[2, 1], [0, 3], [5, 4]]), tf.tensor1d([0, 0, 0], 'int32'));
    expect(c.dtype).toBe('int32');
    expect(c.rank).toBe(0);
    expect(Array.from(await c.data())).toEqual([2]);
  });
});

describe('evaluate', () => {
  it('reads once at the end and matches per-batch reading (loss per example, softmax in order)', async () => {
    await useBackend('cpu');
    const model = withInitSeed(5, () => new Sequential(new GlobalAvgPool(), new Linear(3, 2)));
    const xs = [tf.tensor4d(randomArray(3 * 2 * 2 * 3, 1), [3, 2, 2, 3]), tf.tensor4d(randomArray(2 * 2 * 2 * 3, 2), [2, 2, 2, 3])];
    const ys = [tf.tensor1d([0, 1, 1], 'int32'), tf.tensor1d([1, 0], 'int32')];
    // The reference: each batch read on its own, losses weighted by batch size in float64.
    let lossSum = 0;
    let correct = 0;
    const probs: number[] = [];
    model.eval();
    xs.forEach((x, i) => tf.tidy(() => {
      const logits = model.forward(x);
      lossSum += crossEntropy(logits, ys[i]).dataSync()[0] * ys[i].shape[0];
      correct += countCorrect(logits, ys[i]).dataSync()[0];
      probs.push(...tf.softmax(logits).dataSync());
    }));
    model.train();
    const before = tf.memory().numTensors;
    const r = await evaluate(model, xs.map((x, i) => ({ x: x.clone(), y: ys[i].clone() })), 2);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.count).toBe(5);
    expect(r.correct).toBe(correct);
    expect(r.loss).toBe(lossSum / 5);
    expect(Array.from(r.probabilities)).toEqual(probs);
    expect(model.training).toBe(true);
  });

  it('names a wrong class count and releases what it made', async () => {
    await useBackend('cpu');
    const model = withInitSeed(5, () => new Sequential(new GlobalAvgPool(), new Linear(3, 2)));
    const before = tf.memory().numTensors;
    await expect(evaluate(model, [{ x: tf.zeros([1, 2, 2, 3]), y: tf.tensor1d([0], 'int32') }], 3)).rejects.toThrow('evaluate: model output width != numClasses');
    expect(tf.memory().numTensors).toBe(before);
    expect(model.training).toBe(true);
  });
});
