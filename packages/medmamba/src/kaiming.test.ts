import { describe, expect, it } from 'vitest';
import { withInitSeed } from '@mambabench/core';
import { kaimingNormalFanOutInit } from './kaiming';

describe('kaimingNormalFanOutInit', () => {
  it.each([[64, 3, [3, 3, 32, 64]], [32, 3, [3, 3, 32, 1]], [96, 4, [4, 4, 3, 96]], [16, 1, [1, 1, 16, 16]]])(
    'draws N(0, 2 / (out * k * k)) for out %i, kernel %i', (out, k, shape) => {
      const w = withInitSeed(1, () => kaimingNormalFanOutInit(out, k)(shape));
      expect(w.length).toBe(shape.reduce((a, b) => a * b, 1));
      const mean = w.reduce((s, v) => s + v, 0) / w.length;
      const std = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length);
      const want = Math.sqrt(2 / (out * k * k));
      // Sampling error of the std is about want / sqrt(2n).
      expect(Math.abs(std - want)).toBeLessThan(5 * want / Math.sqrt(2 * w.length));
      expect(Math.abs(mean)).toBeLessThan(5 * want / Math.sqrt(w.length));
    });

  it('is reproducible from the init seed', () => {
    const a = withInitSeed(9, () => kaimingNormalFanOutInit(8, 3)([3, 3, 4, 8]));
    const b = withInitSeed(9, () => kaimingNormalFanOutInit(8, 3)([3, 3, 4, 8]));
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});
