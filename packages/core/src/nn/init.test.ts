import { describe, expect, it } from 'vitest';
import { truncNormalInit, truncNormalTfInit, torchDefaultInit } from './init';
import { withInitSeed } from './init-context';

const stats = (v: Float32Array) => {
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const std = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length);
  return { mean, std, max: Math.max(...Array.from(v, Math.abs)) };
};

describe('initialisers', () => {
  it('trunc_normal_(std) truncates at absolute +-2 (no effect at std 0.02), trunc_normal_tf_ at +-2 std', () => {
    const a = withInitSeed(1, () => truncNormalInit(0.02)([20000]));
    expect(stats(a).std).toBeCloseTo(0.02, 3);
    expect(stats(a).max).toBeGreaterThan(0.06); // beyond 2 std: not truncated
    const b = withInitSeed(1, () => truncNormalTfInit(1)([20000]));
    expect(stats(b).max).toBeLessThanOrEqual(2);
    expect(stats(b).std).toBeCloseTo(0.88, 1); // std of N(0,1) truncated at +-2
  });

  it('torch default init is U(-1/sqrt(fan_in), 1/sqrt(fan_in))', () => {
    const w = withInitSeed(1, () => torchDefaultInit(16)([20000]));
    expect(stats(w).max).toBeLessThanOrEqual(0.25);
    expect(stats(w).std).toBeCloseTo(0.25 / Math.sqrt(3), 2);
  });
});
