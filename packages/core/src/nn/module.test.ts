import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Module, Sequential } from './module';
import { Conv2d } from './conv2d';
import { BatchNorm2d } from './batchnorm2d';
import { ReLU } from './activations';
import { Dropout } from './dropout';
import { DropPath } from './drop-path';
import { withInitSeed } from './init-context';
import { AdamW } from '../optim/adamw';
import { useBackend } from '../testing/backends';
import { liveTensorBytes, peakTensorBytes, resetPeakTensorBytes } from '../memory';

class Block extends Module {
  readonly body = this.addModule('conv', new Sequential(new Conv2d(3, 4, 3, { padding: 1 }), new BatchNorm2d(4), new ReLU()));
  forward(x: tf.Tensor) { return this.body.forward(x); }
}

describe('Module', () => {
  it('names parameters and buffers like a PyTorch state_dict', async () => {
    await useBackend('cpu');
    const m = new Block();
    expect(m.namedParameters().map(([n]) => n)).toEqual(['conv.0.weight', 'conv.0.bias', 'conv.1.weight', 'conv.1.bias']);
    expect(m.namedBuffers().map(([n]) => n)).toEqual(['conv.1.running_mean', 'conv.1.running_var']);
    expect(m.numParams()).toBe(3 * 4 * 9 + 4 + 8);
  });

  it('leaves no tensor and no byte behind once disposed, with its optimizer', async () => {
    await useBackend('cpu');
    const before = tf.memory();
    const m = new Block();
    const opt = new AdamW(m.parameters(), { lr: 1e-3 });
    expect(tf.memory().numTensors - before.numTensors).toBe(4 + 2 + 2 * 4); // each variable once: 4 parameters, 2 buffers, 2 moments per parameter
    opt.dispose();
    m.dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
  });

  it('initialises deterministically from a seed, differently for different seeds', async () => {
    await useBackend('cpu');
    const a = withInitSeed(1, () => new Block());
    const b = withInitSeed(1, () => new Block());
    const c = withInitSeed(2, () => new Block());
    const w = (m: Block) => Array.from(m.namedParameters()[0][1].variable.dataSync());
    expect(w(a)).toEqual(w(b));
    expect(w(a)).not.toEqual(w(c));
  });

  it('propagates train/eval mode to children', async () => {
    await useBackend('cpu');
    const drop = new Dropout(0.5);
    const seq = new Sequential(new ReLU(), drop);
    seq.eval();
    expect(drop.training).toBe(false);
    const x = tf.ones([4, 100]);
    expect(Array.from(seq.forward(x).dataSync())).toEqual(Array(400).fill(1));
    seq.train();
    const y = Array.from(seq.forward(x).dataSync());
    const zeros = y.filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(120);
    expect(zeros).toBeLessThan(280);
    expect(y.filter((v) => v !== 0).every((v) => Math.abs(v - 2) < 1e-6)).toBe(true);
  });

  it('rejects duplicate member names', () => {
    class Bad extends Module {
      constructor() { super(); this.addModule('a', new ReLU()); this.addModule('a', new ReLU()); }
      forward(x: tf.Tensor) { return x; }
    }
    expect(() => new Bad()).toThrow(/duplicate member name "a"/);
  });
});

describe('Sequential inference memory', () => {
  it('frees each layer\'s temporaries when the layer returns', async () => {
    await useBackend('cpu');
    // Each ReLU(x) * 2 layer makes two [256, 256] tensors; without per-layer tidies and disposal
    // all ten would stay alive until the outer tidy ends.
    class Twice extends Module {
      forward(x: tf.Tensor): tf.Tensor {
        return tf.mul(tf.relu(x), 2);
      }
    }
    const net = new Sequential(new Twice(), new Twice(), new Twice(), new Twice(), new Twice());
    const x = tf.ones([256, 256]);
    const one = 256 * 256 * 4;
    const base = liveTensorBytes();
    resetPeakTensorBytes();
    tf.tidy(() => void net.forward(x).dataSync());
    // Input excluded: at most a layer's input, its temporary and its output (+ the scalar 2).
    expect(peakTensorBytes() - base).toBeLessThanOrEqual(3 * one + 16);
    expect(liveTensorBytes()).toBe(base);
    x.dispose();
  });

  it('namedRandomStreams lists every dropout and drop-path generator by module name, and restoring their states repeats the masks', async () => {
    await useBackend('cpu');
    const m = withInitSeed(3, () => new Sequential(new Dropout(0.5), new DropPath(0), new Sequential(new DropPath(0.3), new Dropout(0.2))));
    expect(m.namedRandomStreams().map(([n]) => n)).toEqual(['0', '2.0', '2.1']);
    const x = tf.ones([8, 4]);
    const saved = m.namedRandomStreams().map(([, r]) => r.getState());
    const first = m.forward(x);
    m.namedRandomStreams().forEach(([, r], i) => r.setState(saved[i]));
    const again = m.forward(x);
    const third = m.forward(x);
    expect(Array.from(again.dataSync())).toEqual(Array.from(first.dataSync()));
    expect(Array.from(third.dataSync())).not.toEqual(Array.from(first.dataSync()));
    tf.dispose([x, first, again, third]);
  });
});
