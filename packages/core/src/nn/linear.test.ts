import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Linear } from './linear';
import { TEST_BACKENDS, useBackend, relError, randomArray } from '../testing/backends';

describe.each(TEST_BACKENDS)('Linear on %s', (backend) => {
  it('computes x W + b over the last axis of a rank-3 input', async () => {
    await useBackend(backend);
    const lin = new Linear(5, 3);
    const x = randomArray(2 * 4 * 5, 5);
    const y = lin.forward(tf.tensor3d(x, [2, 4, 5]));
    const w = lin.weight.dataSync();
    const b = lin.bias!.dataSync();
    const ref = new Float64Array(2 * 4 * 3);
    for (let r = 0; r < 8; r++) for (let o = 0; o < 3; o++) {
      let s = b[o];
      for (let i = 0; i < 5; i++) s += x[r * 5 + i] * w[i * 3 + o];
      ref[r * 3 + o] = s;
    }
    expect(y.shape).toEqual([2, 4, 3]);
    expect(relError(y.dataSync(), ref)).toBeLessThan(1e-6);
    expect(lin.numParams()).toBe(18);
    expect(new Linear(448, 32).numParams()).toBe(14368);
    expect(new Linear(5, 3, { bias: false }).numParams()).toBe(15);
  });
});
