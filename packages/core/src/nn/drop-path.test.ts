import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { DropPath, dropPathRates } from './drop-path';
import { withInitSeed } from './init-context';
import { useBackend } from '../testing/backends';

describe('DropPath', () => {
  it('keeps or drops whole samples, scaling kept ones by 1/(1-p), at about rate 1-p', async () => {
    await useBackend('cpu');
    const dp = withInitSeed(1, () => new DropPath(0.25));
    const x = tf.ones([400, 2, 3, 4]);
    const y = dp.forward(x).reshape([400, 24]).arraySync() as number[][];
    let kept = 0;
    for (const row of y) {
      const v = row[0];
      expect(row.every((r) => r === v)).toBe(true);
      expect([0, 1 / 0.75]).toContainEqual(expect.closeTo(v, 6));
      if (v > 0) kept++;
    }
    expect(kept / 400).toBeGreaterThan(0.68);
    expect(kept / 400).toBeLessThan(0.82);
  });

  it('is the identity in eval mode and for p = 0, and reproducible from the init seed', async () => {
    await useBackend('cpu');
    const x = tf.randomNormal([8, 2]);
    expect(new DropPath(0.5).eval().forward(x)).toBe(x);
    expect(new DropPath(0).forward(x)).toBe(x);
    const a = withInitSeed(7, () => new DropPath(0.5)).forward(tf.ones([64, 1])).dataSync();
    const b = withInitSeed(7, () => new DropPath(0.5)).forward(tf.ones([64, 1])).dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(() => new DropPath(1)).toThrow();
  });

  it('passes gradients through kept samples only', async () => {
    await useBackend('cpu');
    const dp = withInitSeed(3, () => new DropPath(0.5));
    const x = tf.ones([32, 3]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(dp.forward(t)))(x).arraySync() as number[][];
    for (const row of g) expect([0, 2]).toContain(row[0]);
  });

  it('linspace rates as timm', () => {
    dropPathRates(0.2, 5).forEach((r, i) => expect(r).toBeCloseTo([0, 0.05, 0.1, 0.15, 0.2][i], 12));
    expect(dropPathRates(0.1, 1)).toEqual([0]);
  });
});
