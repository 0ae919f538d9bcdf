import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Sequential } from './nn/module';
import { Conv2d } from './nn/conv2d';
import { BatchNorm2d } from './nn/batchnorm2d';
import { withInitSeed } from './nn/init-context';
import { AdamW } from './optim/adamw';
import { ModelEma } from './optim/ema';
import { backupPathFor } from '@mambabench/durable';
import { saveCheckpoint, loadCheckpoint, checkpointMeta, checkpointProblem } from './checkpoint-file';
import { useBackend } from './testing/backends';

const build = (seed: number) => withInitSeed(seed, () => new Sequential(new Conv2d(3, 4, 3), new BatchNorm2d(4)));

describe('checkpoints', () => {
  it('round-trips weights, BatchNorm buffers and optimizer state', async () => {
    await useBackend('cpu');
    const dir = join(mkdtempSync(join(tmpdir(), 'mb-ckpt-')), 'best');
    const a = build(1);
    const optA = new AdamW(a.parameters(), { lr: 0.1 });
    optA.applyGradients(a.parameters().map((p) => tf.onesLike(p.variable)));
    a.forward(tf.randomNormal([2, 5, 5, 3])); // moves the running statistics
    await saveCheckpoint(dir, a, optA, { epoch: 7 });
    const b = build(2);
    const optB = new AdamW(b.parameters(), { lr: 0.5 });
    expect(loadCheckpoint(dir, b, optB)).toEqual({ epoch: 7 });
    for (const [name, v] of a.stateDict()) expect(Array.from(b.stateDict().get(name)!.dataSync())).toEqual(Array.from(v.dataSync()));
    expect(optB.step).toBe(1);
    expect(optB.lr).toBe(0.1);
    optB.stateTensors().forEach((t, i) => expect(Array.from(t.dataSync())).toEqual(Array.from(optA.stateTensors()[i].dataSync())));
    expect(readdirSync(join(dir, '..')).filter((f) => f.includes('tmp'))).toEqual([]);
  });

  it('round-trips the EMA shadow and its update count apart from the model weights', async () => {
    await useBackend('cpu');
    const dir = join(mkdtempSync(join(tmpdir(), 'mb-ckpt-')), 'last');
    const a = build(1);
    const emaA = new ModelEma(a, 0.5);
    const optA = new AdamW(a.parameters(), { lr: 0.1 });
    optA.applyGradients(a.parameters().map((p) => tf.onesLike(p.variable)));
    emaA.update();
    emaA.update();
    await saveCheckpoint(dir, a, optA, {}, emaA);
    const b = build(2);
    const emaB = new ModelEma(b, 0.5);
    loadCheckpoint(dir, b, new AdamW(b.parameters(), { lr: 0.1 }), emaB);
    expect(emaB.updates).toBe(2);
    for (const [name, v] of emaA.stateDict()) {
      expect(Array.from(emaB.stateDict().get(name)!.dataSync())).toEqual(Array.from(v.dataSync()));
      // The shadow differs from the weights after the step (decay 0.5), and b keeps a's weights, not the shadow.
      if (name.endsWith('weight')) expect(Array.from(b.stateDict().get(name)!.dataSync())).not.toEqual(Array.from(v.dataSync()));
    }
    for (const [name, v] of a.stateDict()) expect(Array.from(b.stateDict().get(name)!.dataSync())).toEqual(Array.from(v.dataSync()));
    await saveCheckpoint(dir, a, optA);
    expect(() => loadCheckpoint(dir, b, undefined, emaB)).toThrow(/manifest\.json: no EMA state/);
    emaA.dispose();
    emaB.dispose();
  });

  it('starts every read before awaiting any (one pass over the device, no synchronous read)', async () => {
    await useBackend('cpu');
    const dir = join(mkdtempSync(join(tmpdir(), 'mb-ckpt-')), 'c');
    const model = build(1);
    const opt = new AdamW(model.parameters(), { lr: 0.1 });
    const proto = tf.Tensor.prototype;
    const data = proto.data;
    let started = 0;
    proto.data = function (this: tf.Tensor) {
      started++;
      return data.call(this);
    } as typeof proto.data;
    try {
      const saving = saveCheckpoint(dir, model, opt);
      expect(started).toBe(model.stateDict().size + opt.stateTensors().length);
      await saving;
    } finally {
      proto.data = data;
    }
  });

  it('finds a damaged checkpoint, names the file and refuses to load it', async () => {
    await useBackend('cpu');
    const save = async () => {
      const dir = join(mkdtempSync(join(tmpdir(), 'mb-ckpt-')), 'last');
      await saveCheckpoint(dir, build(1));
      return dir;
    };
    const whole = await save();
    expect(checkpointProblem(whole)).toBeNull();
    expect(checkpointProblem(join(whole, '..', 'none'))).toBeNull();
    const flipped = await save();
    const bin = readFileSync(join(flipped, 'tensors.bin'));
    bin[17] ^= 1; // one bit of one weight
    writeFileSync(join(flipped, 'tensors.bin'), bin);
    expect(checkpointProblem(flipped)).toBe(`${join(flipped, 'tensors.bin')} does not match the SHA-256 in ${join(flipped, 'manifest.json')}`);
    expect(() => loadCheckpoint(flipped, build(2))).toThrow(/^Damaged checkpoint: .*tensors\.bin does not match the SHA-256/);
    const short = await save();
    truncateSync(join(short, 'tensors.bin'), 8);
    expect(checkpointProblem(short)).toBe(`${join(short, 'tensors.bin')} has 8 bytes, its manifest lists ${4 * (4 * 3 * 3 * 3 + 4 + 4 * 4)}`);
    const garbled = await save();
    writeFileSync(join(garbled, 'manifest.json'), '{"format": ');
    expect(checkpointProblem(garbled)).toMatch(/manifest\.json does not parse: /);
  });

  it('names the tensor and shapes when loading into a different model', async () => {
    await useBackend('cpu');
    const dir = join(mkdtempSync(join(tmpdir(), 'mb-ckpt-')), 'c');
    await saveCheckpoint(dir, build(1));
    const other = withInitSeed(1, () => new Sequential(new Conv2d(3, 5, 3), new BatchNorm2d(5)));
    expect(() => loadCheckpoint(dir, other)).toThrow(/"model\.0\.weight" has shape \[3,3,3,4\], the model expects \[3,3,3,5\]/);
    writeFileSync(join(dir, 'manifest.json'), '{"format":"other"}');
    expect(() => loadCheckpoint(dir, build(1))).toThrow(/unknown format "other"/);
    expect(() => loadCheckpoint(join(dir, 'nope'), build(1))).toThrow(/No checkpoint at/);
  });

  it('a save killed between moving the old checkpoint aside and renaming the new one in still loads the old one', async () => {
    await useBackend('cpu');
    const parent = mkdtempSync(join(tmpdir(), 'mb-ckpt-'));
    const dir = join(parent, 'last');
    const a = build(1);
    await saveCheckpoint(dir, a, undefined, { epoch: 3 });
    // The state such a kill leaves: the old checkpoint renamed aside, the new one a whole temp dir.
    renameSync(dir, backupPathFor(dir));
    const pending = join(parent, '.last.999999999.abcdef.tmp');
    mkdirSync(pending);
    writeFileSync(join(pending, 'manifest.json'), '{}');
    expect(checkpointMeta(dir)).toEqual({ epoch: 3 });
    const b = build(2);
    expect(loadCheckpoint(dir, b)).toEqual({ epoch: 3 });
    for (const [name, v] of a.stateDict()) expect(Array.from(b.stateDict().get(name)!.dataSync())).toEqual(Array.from(v.dataSync()));
    // The next save replaces it and clears what the killed save left behind.
    await saveCheckpoint(dir, b, undefined, { epoch: 4 });
    expect(checkpointMeta(dir)).toEqual({ epoch: 4 });
    expect(readdirSync(parent)).toEqual(['last']);
    expect(checkpointMeta(join(parent, 'never-saved'))).toBeNull();
  });
});
