import { describe, expect, it, vi } from 'vitest';
import { scanBackward } from './backward';
import { scanForward } from './forward';
import { makeInputs, randomWeights } from './test-inputs';

// Every exp in the kernels goes through expNonPositive; wrap it to record its arguments.
const seen = vi.hoisted(() => ({ calls: 0, maxArg: -Infinity }));
vi.mock('./exp', async (importOriginal) => {
  const real = await importOriginal<typeof import('./exp')>();
  return {
    expNonPositive: (x: number) => {
      seen.calls++;
      seen.maxArg = Math.max(seen.maxArg, x);
      return real.expNonPositive(x);
    },
  };
});

describe('decay exponent sign', () => {
  it('forward and backward only ever exponentiate delta * A <= 0, once per (t,d,n) each', () => {
    const d = { batch: 2, length: 20, dim: 3, state: 4 };
    const x = makeInputs(d, 31, { delta: [0, 6], A: [-16, -0.01] });
    x.f32.delta[0] = 0; // the boundary case: exp(-0) = 1
    const { checkpoints } = scanForward(d, x.f32, 6);
    const forwardCalls = seen.calls;
    scanBackward(d, x.f32, checkpoints, randomWeights(d.batch * d.length * d.dim, 32));
    const updates = d.batch * d.length * d.dim * d.state;
    expect(forwardCalls).toBe(updates);
    expect(seen.calls).toBe(2 * updates); // backward recomputes each chunk once
    expect(seen.maxArg).toBeLessThanOrEqual(0);
  });
});
