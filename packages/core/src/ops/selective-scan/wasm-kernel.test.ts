import { describe, expect, it } from 'vitest';
import { jsSelectiveScanKernel } from './js-kernel';
import { finiteDiffGrad64, INPUT_NAMES, referenceScan64, relError } from './reference64';
import { makeInputs, randomWeights } from './test-inputs';
import type { ScanDims, ScanGrads } from './types';
import { createWasmSelectiveScanKernel } from './wasm-kernel';

const dims = (batch: number, length: number, dim: number, state: number): ScanDims => ({ batch, length, dim, state });
const grads = (g: ScanGrads) => ({ u: g.du, delta: g.ddelta, A: g.dA, Bm: g.dBm, C: g.dC, Dskip: g.dDskip });

// [dims, checkpoint interval]: L = 1, L < T, L = T, L not a multiple of T, T = 1, N = 8 and 16, B > 1.
const CASES: Array<[ScanDims, number]> = [
  [dims(1, 1, 4, 2), 4],
  [dims(1, 5, 4, 3), 16],
  [dims(2, 8, 8, 4), 8],
  [dims(3, 13, 4, 5), 4],
  [dims(2, 9, 8, 3), 1],
  [dims(4, 37, 12, 8), 7],
  [dims(2, 150, 16, 16), 13],
];

describe('wasm SIMD selective-scan kernel', () => {
  const kernel = createWasmSelectiveScanKernel();

  it.each(CASES)('forward matches the float64 reference: %o, interval %i', (d, interval) => {
    const x = makeInputs(d, 1);
    const { y, checkpoints } = kernel.forward(d, x.f32, interval);
    expect(relError(y, referenceScan64(d, x.f64))).toBeLessThan(1e-6);
    expect(checkpoints.states).toBeInstanceOf(Float32Array);
    expect(checkpoints.states.length).toBe(d.batch * Math.ceil(d.length / interval) * d.dim * d.state);
  });

  it.each(CASES)('backward matches the JS kernel (float64): %o, interval %i', (d, interval) => {
    const x = makeInputs(d, 11);
    const w = randomWeights(d.batch * d.length * d.dim, 12);
    const g = grads(kernel.backward(d, x.f32, kernel.forward(d, x.f32, interval).checkpoints, w));
    const ref = grads(jsSelectiveScanKernel.backward(d, x.f32, jsSelectiveScanKernel.forward(d, x.f32, interval).checkpoints, w));
    for (const name of INPUT_NAMES) expect(relError(g[name], ref[name]), name).toBeLessThan(1e-6);
  });

  it('backward matches float64 central differences', () => {
    const d = dims(2, 11, 8, 3);
    const x = makeInputs(d, 31);
    const w = randomWeights(d.batch * d.length * d.dim, 32);
    const g = grads(kernel.backward(d, x.f32, kernel.forward(d, x.f32, 4).checkpoints, w));
    for (const name of INPUT_NAMES) expect(relError(g[name], finiteDiffGrad64(d, x.f64, w, name)), name).toBeLessThan(1e-5);
  });

  it('per-token gradients do not depend on the checkpoint interval', () => {
    const d = dims(2, 29, 8, 3);
    const x = makeInputs(d, 21);
    const w = randomWeights(d.batch * d.length * d.dim, 22);
    const run = (T: number) => grads(kernel.backward(d, x.f32, kernel.forward(d, x.f32, T).checkpoints, w));
    const base = run(29);
    for (const T of [1, 3, 8, 64]) {
      const g = run(T);
      // Recomputed states equal the forward's bit for bit, so per-token results are identical;
      // dA / dDskip only regroup their float32 per-chunk sums.
      for (const name of ['u', 'delta', 'Bm', 'C'] as const) expect(Array.from(g[name]), `${name}, T=${T}`).toEqual(Array.from(base[name]));
      for (const name of ['A', 'Dskip'] as const) expect(relError(g[name], base[name]), `${name}, T=${T}`).toBeLessThan(1e-6);
    }
  });

  it('decays exp(delta A), computed as 2^(delta A log2 e), agree with float64 exp to ~2 ulp and never exceed 1', () => {
    // Two tokens, one state, B = C = 1, u = (1, 0), Dskip = 0: h1 = delta1 = 1 and y2 = a2 * h1, so
    // y2 is the kernel's decay itself. Arguments delta2 * A from -100 to 0 (dense near 0, where
    // trained decays live), past the -87.34 where 2^-126 takes over.
    const D = 4096;
    const d = dims(1, 2, D, 1);
    const A = new Float32Array(D);
    const delta = new Float32Array(2 * D).fill(1);
    for (let c = 0; c < D; c++) {
      const q = c / (D - 1);
      A[c] = -q * q * 100;
      delta[D + c] = c % 3 === 0 ? 1 : 0.37 + c / D;
    }
    const u = new Float32Array(2 * D);
    u.fill(1, 0, D);
    const ones = new Float32Array(2).fill(1);
    const { y } = kernel.forward(d, { u, delta, A, Bm: ones, C: ones, Dskip: new Float32Array(D) }, 2);
    let worst = 0;
    for (let c = 0; c < D; c++) {
      const x = delta[D + c] * A[c];
      const decay = y[D + c];
      expect(decay, `delta A = ${x}`).toBeLessThanOrEqual(1);
      // Below 2^-126 (x = -87.34) the argument is clamped: the least normal float, in effect 0.
      if (x < -87.4) expect(decay, `delta A = ${x}`).toBeLessThanOrEqual(2 ** -126);
      if (x < -87.3) continue;
      // Rounding A log2 e and delta times it to float32 moves the exponent by up to |x| 2^-23.
      const exact = Math.exp(x);
      worst = Math.max(worst, Math.abs(decay - exact) / exact - Math.abs(x) * 2 ** -23);
    }
    expect(worst).toBeLessThan(2.5e-7);
    expect(worst).toBeGreaterThan(0); // the bound is tight enough to see the polynomial's error
  });

  it('decays that underflow give zeros, never NaN or Infinity', () => {
    const d = dims(1, 20, 4, 2);
    const x = makeInputs(d, 5, { delta: [50, 80], A: [-30, -10] });
    const { y, checkpoints } = kernel.forward(d, x.f32, 4);
    const g = kernel.backward(d, x.f32, checkpoints, randomWeights(80, 6));
    for (const arr of [y, g.du, g.ddelta, g.dA, g.dBm, g.dC]) expect(arr.every(Number.isFinite)).toBe(true);
    expect(relError(y, referenceScan64(d, x.f64))).toBeLessThan(1e-6);
  });

  it('hands channel counts that are not a multiple of 4 to the JS kernel, forward and backward alike', () => {
    const d = dims(2, 7, 6, 3);
    const x = makeInputs(d, 7);
    const w = randomWeights(2 * 7 * 6, 8);
    const f = kernel.forward(d, x.f32, 4);
    expect(f.checkpoints.states).toBeInstanceOf(Float64Array);
    const ref = jsSelectiveScanKernel.forward(d, x.f32, 4);
    expect(Array.from(f.y)).toEqual(Array.from(ref.y));
    expect(Array.from(kernel.backward(d, x.f32, f.checkpoints, w).du)).toEqual(Array.from(jsSelectiveScanKernel.backward(d, x.f32, ref.checkpoints, w).du));
  });

  it('reuses its memory across calls of different sizes', () => {
    for (const d of [dims(1, 300, 16, 8), dims(2, 5, 4, 2), dims(1, 400, 8, 16)]) {
      const x = makeInputs(d, 9);
      expect(relError(kernel.forward(d, x.f32, 16).y, referenceScan64(d, x.f64))).toBeLessThan(1e-6);
    }
  });
});
