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
import { trainStep, clipByGlobalNorm } from './train-step';
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
    const first = trainStep(model, opt, x, y);
    const tensorsAfterFirst = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 19; i++) last = trainStep(model, opt, x, y);
    expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
    expect(last.loss).toBeLessThan(first.loss * 0.7);
    expect(last.count).toBe(8);
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
});
