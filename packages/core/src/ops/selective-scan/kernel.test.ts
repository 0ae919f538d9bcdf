import { describe, expect, it } from 'vitest';
import { scanBackward, scanBackwardWith } from './backward';
import { scanForward } from './forward';
import { finiteDiffGrad64, INPUT_NAMES, referenceScan64, relError } from './reference64';
import { makeInputs, randomWeights } from './test-inputs';
import { reverseStep } from './reverse-step';
import type { ScanDims } from './types';

const dims = (batch: number, length: number, dim: number, state: number): ScanDims => ({ batch, length, dim, state });

// [dims, checkpoint interval]: L = 1, L < T, L = T, L a multiple of T, L not a multiple, T = 1, B > 1.
const CASES: Array<[ScanDims, number]> = [
  [dims(1, 1, 3, 2), 4],
  [dims(1, 5, 4, 3), 16],
  [dims(2, 8, 3, 4), 8],
  [dims(2, 12, 5, 2), 4],
  [dims(3, 13, 4, 5), 4],
  [dims(2, 9, 3, 3), 1],
  [dims(4, 37, 6, 8), 7],
];

const grads = (g: ReturnType<typeof scanBackward>) => ({
  u: g.du, delta: g.ddelta, A: g.dA, Bm: g.dBm, C: g.dC, Dskip: g.dDskip,
});

describe('scanForward (JS kernel)', () => {
  it.each(CASES)('matches the float64 reference: %o, interval %i', (d, interval) => {
    const x = makeInputs(d, 1);
    const { y, checkpoints } = scanForward(d, x.f32, interval);
    expect(relError(y, referenceScan64(d, x.f64))).toBeLessThan(1e-5);
    expect(checkpoints.numChunks).toBe(Math.ceil(d.length / interval));
    expect(checkpoints.states.length).toBe(d.batch * checkpoints.numChunks * d.dim * d.state);
  });

  it('handles empty batch / length without touching memory', () => {
    for (const d of [dims(0, 4, 2, 2), dims(2, 0, 2, 2)]) {
      const x = makeInputs(d, 2);
      const { y, checkpoints } = scanForward(d, x.f32, 4);
      expect(y.length).toBe(0);
      const g = scanBackward(d, x.f32, checkpoints, new Float32Array(0));
      expect(Array.from(g.dA)).toEqual(new Array(d.dim * d.state).fill(0));
    }
  });

  it('rejects a non-positive checkpoint interval', () => {
    const d = dims(1, 2, 1, 1);
    expect(() => scanForward(d, makeInputs(d, 3).f32, 0)).toThrow(/checkpoint interval/);
  });
});

describe('scanBackward (JS kernel)', () => {
  it.each(CASES)('matches float64 central differences: %o, interval %i', (d, interval) => {
    const x = makeInputs(d, 11);
    const w = randomWeights(d.batch * d.length * d.dim, 12);
    const { checkpoints } = scanForward(d, x.f32, interval);
    const g = grads(scanBackward(d, x.f32, checkpoints, w));
    for (const name of INPUT_NAMES) {
      const fd = finiteDiffGrad64(d, x.f64, w, name);
      expect(relError(g[name], fd), name).toBeLessThan(1e-5);
    }
  });

  it('gives identical gradients for every checkpoint interval', () => {
    const d = dims(2, 29, 4, 3);
    const x = makeInputs(d, 21);
    const w = randomWeights(d.batch * d.length * d.dim, 22);
    const run = (T: number) => grads(scanBackward(d, x.f32, scanForward(d, x.f32, T).checkpoints, w));
    const base = run(29);
    for (const T of [1, 3, 8, 64]) {
      const g = run(T);
      for (const name of INPUT_NAMES) expect(Array.from(g[name]), `${name}, T=${T}`).toEqual(Array.from(base[name]));
    }
  });

  it('the N = 8 unrolled step gives bit-identical results to the generic step', () => {
    const d = dims(3, 21, 5, 8);
    const x = makeInputs(d, 41);
    const w = randomWeights(d.batch * d.length * d.dim, 42);
    const { checkpoints } = scanForward(d, x.f32, 6);
    const fast = grads(scanBackward(d, x.f32, checkpoints, w));
    const generic = grads(scanBackwardWith(reverseStep, d, x.f32, checkpoints, w));
    for (const name of INPUT_NAMES) expect(Array.from(fast[name]), name).toEqual(Array.from(generic[name]));
  });
});
