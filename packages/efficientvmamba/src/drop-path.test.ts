import { describe, expect, it } from 'vitest';
import { tf, initBackend } from '@mambabench/core';
import { DropPath, dropPathRates } from './drop-path';

describe('DropPath', () => {
  it('drops whole samples with probability p and rescales the kept ones by 1/(1-p)', async () => {
    await initBackend('cpu');
    const dp = new DropPath(0.25);
    const x = tf.ones([400, 2, 3, 4]);
    const y = dp.forward(x).reshape([400, 24]).arraySync() as number[][];
    let kept = 0;
    for (const row of y) {
      // One decision per sample: all zeros or all 1/0.75.
      expect(new Set(row.map((v) => v.toFixed(5))).size).toBe(1);
      expect([0, 1 / 0.75].map((v) => v.toFixed(5))).toContain(row[0].toFixed(5));
      if (row[0] > 0) kept++;
    }
    expect(kept / 400).toBeGreaterThan(0.65);
    expect(kept / 400).toBeLessThan(0.85);
  });

  it('is the identity in eval mode and at p = 0', async () => {
    await initBackend('cpu');
    const x = tf.randomNormal([3, 2, 2, 2]);
    expect(new DropPath(0.5).eval().forward(x)).toBe(x);
    expect(new DropPath(0).forward(x)).toBe(x);
  });

  it('spreads rates like torch.linspace(0, rate, n)', () => {
    expect(dropPathRates(0.2, 5)).toEqual([0, 0.05, 0.1, 0.15000000000000002, 0.2]);
    expect(dropPathRates(0.2, 1)).toEqual([0]);
  });
});
