import { Arena, ascModuleBuilt, ascModulePath, instantiateAscModule } from '../../wasm/asc-module';
import { assertValidInterval, numChunks } from './scan-state-spacing';
import { jsSelectiveScanKernel } from './js-kernel';
import type { ScanArray, ScanCheckpoints, ScanDims, ScanForwardResult, ScanGrads, ScanInputs, SelectiveScanKernel } from './types';

/** Built from packages/core/assembly/selective-scan.ts by `npm run build:wasm` (run by `npm ci`). */
export const SCAN_WASM_PATH = ascModulePath('selective-scan');

interface ScanExports {
  forward(L: number, D: number, N: number, T: number, ...pointers: number[]): void;
  backward(L: number, D: number, N: number, T: number, ...pointers: number[]): void;
}

/**
 * The selective scan as one WebAssembly SIMD kernel (float32, four channels per instruction):
 * each batch row is copied into the module's memory once, scanned by one call, and copied out;
 * nothing runs per token in JS. D must be a multiple of 4; other shapes (and their backward,
 * recognised by the float64 checkpoints) go to the JS kernel. Checkpoints are float32 (N, D).
 */
export function createWasmSelectiveScanKernel(): SelectiveScanKernel {
  const ex = instantiateAscModule<ScanExports>('selective-scan');

  const layout = (L: number, D: number, N: number, chunks: number, T: number, withBackward: boolean) => {
    const a = new Arena(ex.memory);
    for (const name of ['u', 'delta', 'y']) a.alloc(name, L * D);
    for (const name of ['Bm', 'C']) a.alloc(name, L * N);
    a.alloc('At', scanParamLength(N, D));
    a.alloc('Dskip', D);
    a.alloc('states', chunks * N * D);
    a.alloc('h', N * D);
    if (withBackward) {
      for (const name of ['dy', 'du', 'ddelta']) a.alloc(name, L * D);
      for (const name of ['dBm', 'dC']) a.alloc(name, L * N);
      a.alloc('dAt', N * D, 8);
      a.alloc('dDskip', D, 8);
      for (const name of ['decay', 'decayedPrev']) a.alloc(name, T * N * D);
      for (const name of ['carry', 'dAchunk']) a.alloc(name, N * D);
      a.alloc('dDchunk', D);
      for (const name of ['gB', 'gC']) a.alloc(name, 4 * N);
    }
    a.commit();
    return a;
  };

  /** Copies batch row b of the inputs and the (transposed) parameters into the arena. */
  const loadRow = (a: Arena, dims: ScanDims, x: ScanInputs, b: number) => {
    const { length: L, dim: D, state: N } = dims;
    const row = (arr: ScanArray, width: number) => arr.subarray(b * L * width, (b + 1) * L * width);
    a.f32('u', L * D).set(row(x.u, D));
    a.f32('delta', L * D).set(row(x.delta, D));
    a.f32('Bm', L * N).set(row(x.Bm, N));
    a.f32('C', L * N).set(row(x.C, N));
  };
  const loadParams = (a: Arena, dims: ScanDims, x: ScanInputs) => {
    writeScanParams(a.f32('At', scanParamLength(dims.state, dims.dim)), a.f32('Dskip', dims.dim), dims, x.A, x.Dskip);
  };

  return {
    name: 'wasm-simd',
    forward(dims: ScanDims, inputs: ScanInputs, interval: number): ScanForwardResult {
      assertValidInterval(interval);
      const { batch: B, length: L, dim: D, state: N } = dims;
      if (D % 4 !== 0 || B * L === 0) return jsSelectiveScanKernel.forward(dims, inputs, interval);
      const chunks = numChunks(L, interval);
      const a = layout(L, D, N, chunks, interval, false);
      loadParams(a, dims, inputs);
      const y = new Float32Array(B * L * D);
      const states = new Float32Array(B * chunks * N * D);
      for (let b = 0; b < B; b++) {
        loadRow(a, dims, inputs, b);
        ex.forward(L, D, N, interval, ...['u', 'delta', 'At', 'Bm', 'C', 'Dskip', 'y', 'states', 'h'].map((k) => a.ptr(k)));
        y.set(a.f32('y', L * D), b * L * D);
        states.set(a.f32('states', chunks * N * D), b * chunks * N * D);
      }
      return { y, checkpoints: { interval, numChunks: chunks, states } };
    },

    backward(dims: ScanDims, inputs: ScanInputs, checkpoints: ScanCheckpoints, dy: ScanArray): ScanGrads {
      if (!(checkpoints.states instanceof Float32Array)) return jsSelectiveScanKernel.backward(dims, inputs, checkpoints, dy);
      const { batch: B, length: L, dim: D, state: N } = dims;
      const { interval: T, numChunks: chunks } = checkpoints;
      const a = layout(L, D, N, chunks, T, true);
      loadParams(a, dims, inputs);
      a.f64('dAt', N * D).fill(0);
      a.f64('dDskip', D).fill(0);
      const g: ScanGrads = {
        du: new Float32Array(B * L * D), ddelta: new Float32Array(B * L * D), dA: new Float32Array(D * N),
        dBm: new Float32Array(B * L * N), dC: new Float32Array(B * L * N), dDskip: new Float32Array(D),
      };
      const names = ['u', 'delta', 'At', 'Bm', 'C', 'Dskip', 'states', 'dy', 'du', 'ddelta', 'dBm', 'dC', 'dAt', 'dDskip',
        'h', 'decay', 'decayedPrev', 'carry', 'dAchunk', 'dDchunk', 'gB', 'gC'];
      for (let b = 0; b < B; b++) {
        loadRow(a, dims, inputs, b);
        a.f32('states', chunks * N * D).set(checkpoints.states.subarray(b * chunks * N * D, (b + 1) * chunks * N * D));
        a.f32('dy', L * D).set(dy.subarray(b * L * D, (b + 1) * L * D));
        ex.backward(L, D, N, T, ...names.map((k) => a.ptr(k)), 0, 0); // 0, 0: no per-chunk sums kept
        g.du.set(a.f32('du', L * D), b * L * D);
        g.ddelta.set(a.f32('ddelta', L * D), b * L * D);
        g.dBm.set(a.f32('dBm', L * N), b * L * N);
        g.dC.set(a.f32('dC', L * N), b * L * N);
      }
      const dAt = a.f64('dAt', N * D);
      for (let d = 0; d < D; d++) for (let n = 0; n < N; n++) g.dA[d * N + n] = dAt[n * D + d];
      g.dDskip.set(a.f64('dDskip', D));
      return g;
    },
  };
}

/** Values in the kernel's At block (A and A log2(e), each transposed): see writeScanParams. */
export function scanParamLength(state: number, dim: number): number {
  return 2 * state * dim;
}

/**
 * The kernel's parameter block: A (D, N) transposed into At (2, N, D), so that a state's four
 * lanes load as one vector, A first (the gradients use it) and then A log2(e) rounded to float32
 * (the decays are 2^(delta A log2 e)); and Dskip.
 */
export function writeScanParams(At: Float32Array, DskipOut: Float32Array, dims: ScanDims, A: ScanArray, Dskip: ScanArray): void {
  const { dim: D, state: N } = dims;
  if (At.length !== scanParamLength(N, D)) throw new Error(`writeScanParams: At holds ${At.length} values, not 2 x ${N} x ${D}`);
  for (let d = 0; d < D; d++) {
    for (let n = 0; n < N; n++) {
      At[n * D + d] = A[d * N + n];
      At[(N + n) * D + d] = A[d * N + n] * Math.LOG2E;
    }
  }
  DskipOut.set(Dskip);
}

/** Whether the built kernel is present (it is after `npm ci`; missing means the build step did not run). */
export function wasmScanKernelBuilt(): boolean {
  return ascModuleBuilt('selective-scan');
}
