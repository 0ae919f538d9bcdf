import { describe, expect, it } from 'vitest';
import { linearWarmupFactor } from './warmup';

describe('linearWarmupFactor', () => {
  it('rises linearly to 1 over the warmup steps, then stays at 1', () => {
    const w = 4;
    expect([0, 1, 2, 3, 4, 10].map((s) => linearWarmupFactor(s, w))).toEqual([0.25, 0.5, 0.75, 1, 1, 1]);
  });
  it('is 1 without warmup, and rejects bad steps', () => {
    expect(linearWarmupFactor(0, 0)).toBe(1);
    expect(() => linearWarmupFactor(-1, 3)).toThrow(/step/);
    expect(() => linearWarmupFactor(0.5, 3)).toThrow(/step/);
    expect(() => linearWarmupFactor(0, -1)).toThrow(/warmupSteps/);
  });
});
