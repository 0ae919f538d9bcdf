import { describe, expect, it } from 'vitest';
import { tf } from '@mambabench/core';
import { profileKernelCalls, selfTimes } from './kernel-self-time';

describe('selfTimes', () => {
  it('takes from each call the time of the calls it ran inside it, so no time counts twice', () => {
    // Finish order: a Conv2DBackpropInput (10 ms) that ran two convs (3 + 4), a Relu, then a
    // custom op's forward (5 ms) that ran a conv (2 ms) that itself ran a Multiply (1 ms).
    const { byName, outermost } = selfTimes([
      { name: 'Conv2D', depth: 2, ms: 3 },
      { name: 'Conv2D', depth: 2, ms: 4 },
      { name: 'Conv2DBackpropInput', depth: 1, ms: 10 },
      { name: 'Relu', depth: 1, ms: 1 },
      { name: 'Multiply', depth: 3, ms: 1 },
      { name: 'Conv2D', depth: 2, ms: 2 },
      { name: 'forward', depth: 1, ms: 5 },
    ]);
    expect(Object.fromEntries(byName)).toEqual({ Conv2D: 8, Conv2DBackpropInput: 3, Relu: 1, Multiply: 1, forward: 3 });
    expect(outermost).toBe(16);
    expect([...byName.values()].reduce((a, b) => a + b, 0)).toBe(outermost);
  });

  it('names a call whose depth is not a positive integer', () => {
    expect(() => selfTimes([{ name: 'Conv2D', depth: 0, ms: 1 }])).toThrow(/Conv2D: depth 0/);
  });
});

describe('profileKernelCalls', () => {
  it('gives a custom op\'s inner kernels one level deeper than the op, and puts the profiler back', async () => {
    await tf.setBackend('cpu');
    const inner = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const x = args[0] as tf.Tensor2D;
      return { value: tf.matMul(x, x), gradFunc: (dy: tf.Tensor) => dy };
    }) as (x: tf.Tensor) => tf.Tensor;
    const x = tf.ones([64, 64]);
    const profiler = (tf.engine() as unknown as { profiler: { profileKernel: unknown } }).profiler;
    const hook = profiler.profileKernel;
    const calls = await profileKernelCalls(async () => {
      const y = tf.relu(inner(x));
      await y.data();
      y.dispose();
    });
    expect(profiler.profileKernel).toBe(hook);
    expect(calls.map((c) => [c.name, c.depth])).toEqual([['BatchMatMul', 2], ['', 1], ['Relu', 1]]);
    const { byName, outermost } = selfTimes(calls);
    expect([...byName.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(outermost, 9);
    expect(byName.get('')).toBeLessThanOrEqual(calls[1].ms);
    x.dispose();
  });
});
