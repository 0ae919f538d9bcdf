import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@mambabench/core';
import { Rng } from '@mambabench/random';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleBeta } from './beta.ts';
import { cutmixBox } from './cutmix-box.ts';
import { Mixup } from './mixup.ts';
import { mixupTargets, smoothedOneHot } from './targets.ts';

const images = (b: number, h: number, w: number, seed: number) => {
  const rng = new Rng(seed);
  return tf.tensor4d(Float32Array.from({ length: b * h * w * 3 }, () => rng.float()), [b, h, w, 3]);
};
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));

describe('sampleBeta', () => {
  it.each([[0.8, 0.8], [1, 1], [2, 5]])('Beta(%f, %f) has the right mean and variance', (a, b) => {
    const rng = new Rng(42);
    const n = 40_000;
    const xs = Array.from({ length: n }, () => sampleBeta(rng, a, b));
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / n;
    expect(mean).toBeCloseTo(a / (a + b), 2);
    expect(variance).toBeCloseTo((a * b) / ((a + b) ** 2 * (a + b + 1)), 2);
    expect(xs.every((x) => x > 0 && x < 1)).toBe(true);
  });
});

describe('targets', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('smoothed one-hot: off = s/K, on = 1 - s + s/K; mixed with the reversed batch', () => {
    expect(Array.from(smoothedOneHot([1, 0], 2, 0.1))).toEqual([0.05, 0.95, 0.95, 0.05].map(Math.fround));
    const t = mixupTargets([0, 1, 1, 0], 2, 0.7, 0.1);
    const y = smoothedOneHot([0, 1, 1, 0], 2, 0.1);
    const yr = smoothedOneHot([0, 1, 1, 0].reverse(), 2, 0.1);
    expect(maxDiff(t.dataSync(), y.map((v, i) => 0.7 * v + 0.3 * yr[i]))).toBeLessThan(1e-7);
    t.dispose();
  });
});

describe('cutmixBox', () => {
  it('has side int(S * sqrt(1 - lam)) before clipping, and the corrected lam is 1 - area / (H W)', () => {
    const rng = new Rng(5);
    for (let i = 0; i < 200; i++) {
      const lam = rng.float();
      const { box, lam: corrected } = cutmixBox(32, 24, lam, rng);
      const h = box.yh - box.yl;
      const w = box.xh - box.xl;
      expect(h).toBeLessThanOrEqual(2 * Math.floor(Math.trunc(32 * Math.sqrt(1 - lam)) / 2));
      expect(w).toBeLessThanOrEqual(2 * Math.floor(Math.trunc(24 * Math.sqrt(1 - lam)) / 2));
      expect(corrected).toBeCloseTo(1 - (h * w) / (32 * 24), 12);
    }
  });
});

describe.each(['cpu', 'wasm'] as const)('Mixup on %s', (backend) => {
  beforeAll(async () => {
    await initBackend(backend);
  });

  it('prob 1, mixup only: x = lam x + (1 - lam) x.flip(0); targets = lam y + (1 - lam) y.flip(0), smoothed', () => {
    const x = images(4, 5, 5, 1);
    const labels = [0, 1, 1, 1];
    const before = tf.memory().numTensors;
    const r = new Mixup({ numClasses: 2, seed: 3, prob: 1, cutmixAlpha: 0 }).apply(x, labels);
    expect(tf.memory().numTensors - before).toBe(2);
    expect(r.mode).toBe('mixup');
    expect(r.lam).toBeGreaterThan(0);
    expect(r.lam).toBeLessThan(1);
    const flipped = tf.reverse(x, 0);
    const expected = tf.add(tf.mul(x, r.lam), tf.mul(flipped, 1 - r.lam));
    expect(maxDiff(r.x.dataSync(), expected.dataSync())).toBeLessThan(1e-6);
    const y = smoothedOneHot(labels, 2, 0.1);
    const yr = smoothedOneHot([...labels].reverse(), 2, 0.1);
    expect(maxDiff(r.targets.dataSync(), y.map((v, i) => r.lam * v + (1 - r.lam) * yr[i]))).toBeLessThan(1e-6);
    tf.dispose([x, r.x, r.targets, flipped, expected]);
  });

  it('prob 1, cutmix only: the box holds the reversed batch, the rest is untouched, lam = 1 - box area', () => {
    const x = images(2, 16, 12, 2);
    const mix = new Mixup({ numClasses: 2, seed: 11, prob: 1, mixupAlpha: 0 });
    let seenBox = false;
    for (let k = 0; k < 5; k++) {
      const r = mix.apply(x, Int32Array.of(0, 1));
      expect(r.mode).toBe('cutmix');
      const b = r.box!;
      const area = (b.yh - b.yl) * (b.xh - b.xl);
      expect(r.lam).toBeCloseTo(1 - area / (16 * 12), 10);
      seenBox ||= area > 0;
      const out = r.x.arraySync();
      const src = x.arraySync();
      for (let i = 0; i < 2; i++) for (let yy = 0; yy < 16; yy++) for (let xx = 0; xx < 12; xx++) {
        const inBox = yy >= b.yl && yy < b.yh && xx >= b.xl && xx < b.xh;
        expect(out[i][yy][xx]).toEqual(src[inBox ? 1 - i : i][yy][xx]);
      }
      // Targets: image 0 is (lam) class 0 and (1 - lam) class 1, smoothed.
      const t = r.targets.arraySync();
      expect(t[0][0]).toBeCloseTo(r.lam * 0.95 + (1 - r.lam) * 0.05, 6);
      expect(t[1][1]).toBeCloseTo(r.lam * 0.95 + (1 - r.lam) * 0.05, 6);
      tf.dispose([r.x, r.targets]);
    }
    expect(seenBox).toBe(true);
    x.dispose();
  });

  it('randomStream holds every draw: restoring its state repeats the mix', () => {
    const x = images(4, 6, 6, 2);
    const m = new Mixup({ numClasses: 3, seed: 9, prob: 1 });
    const saved = m.randomStream.getState();
    const a = m.apply(x, [0, 1, 2, 0]);
    m.randomStream.setState(saved);
    const b = m.apply(x, [0, 1, 2, 0]);
    expect([b.lam, b.mode, b.box]).toEqual([a.lam, a.mode, a.box]);
    expect(maxDiff(b.x.dataSync(), a.x.dataSync())).toBe(0);
    tf.dispose([x, a.x, a.targets, b.x, b.targets]);
  });

  it('prob 0: images copied unchanged, targets only smoothed', () => {
    const x = images(2, 3, 3, 4);
    const r = new Mixup({ numClasses: 3, seed: 1, prob: 0 }).apply(x, [2, 0]);
    expect(r.mode).toBe('none');
    expect(r.lam).toBe(1);
    expect(r.x).not.toBe(x);
    expect(maxDiff(r.x.dataSync(), x.dataSync())).toBe(0);
    const off = 0.1 / 3;
    expect(maxDiff(r.targets.dataSync(), [off, off, 0.9 + off, 0.9 + off, off, off])).toBeLessThan(1e-7);
    tf.dispose([x, r.x, r.targets]);
  });

  it('published defaults: applied to ~10% of batches, half of those CutMix; reproducible per seed', () => {
    const x = images(2, 4, 4, 6);
    const run = (seed: number) => {
      const m = new Mixup({ numClasses: 2, seed });
      return Array.from({ length: 2000 }, () => {
        const r = m.apply(x, [0, 1]);
        tf.dispose([r.x, r.targets]);
        return `${r.mode}:${r.lam}`;
      });
    };
    const a = run(8);
    expect(run(8)).toEqual(a);
    const applied = a.filter((s) => !s.startsWith('none')).length;
    const cut = a.filter((s) => s.startsWith('cutmix')).length;
    expect(applied / 2000).toBeGreaterThan(0.08);
    expect(applied / 2000).toBeLessThan(0.12);
    expect(cut / applied).toBeGreaterThan(0.35);
    expect(cut / applied).toBeLessThan(0.65);
    x.dispose();
  });

  it('rejects odd batches, mismatched labels and labels still on the device', () => {
    const x = images(3, 2, 2, 1);
    const m = new Mixup({ numClasses: 2, seed: 0 });
    expect(() => m.apply(x, [0, 1, 0])).toThrow('Mixup: batch size must be even (timm asserts it), got 3');
    x.dispose();
    const y = images(2, 2, 2, 1);
    expect(() => m.apply(y, [0])).toThrow('Mixup: 1 labels for a batch of 2');
    const onDevice = tf.tensor1d([0, 1], 'int32');
    expect(() => m.apply(y, onDevice as unknown as number[])).toThrow(/pass the labels as host numbers \(Int32Array or number\[\]\), not a tensor/);
    tf.dispose([y, onDevice]);
  });
});
