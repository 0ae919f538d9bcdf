import * as tf from '@tensorflow/tfjs-core';
import { Arena } from '../../wasm/asc-module';
import { heapModuleBuilt, instantiateOnHeap, wasmHeapOf, withScratch, type WasmHeap } from '../../wasm/heap-module';
import { heapChunks, runHeapChunks } from '../../wasm/heap-threads';
import { heapOffset, type WasmHeapBackend } from '../../wasm/tensor-io';
import { numChunks } from './scan-state-spacing';
import type { ScanDims } from './types';
import { validateSigns } from './validate';
import { scanParamLength, writeScanParams } from './wasm-kernel';

/** State updates (token x channel x state) a thread's share must hold to be worth waking a worker for. */
const MIN_SHARE_UPDATES = 1 << 16;

/** The heap build's helpers that run on the calling thread. */
interface ScanHelpers {
  firstNegative(p: number, n: number): number;
  sumChunks(parts: number, rows: number, chunks: number, width: number, total: number, out: number): void;
}

/** Whether selectiveScanOnHeap can run this scan: the wasm backend, the heap build present, D a multiple of 4. */
export function heapScanApplies(dims: ScanDims): boolean {
  return tf.getBackend() === 'wasm' && heapModuleBuilt('selective-scan') && dims.dim % 4 === 0 && dims.batch * dims.length > 0;
}

/** Writes the kernel's parameter block (At, Dskip) into the heap at `at` and `dskipAt`. */
function writeParams(heap: WasmHeap, at: number, dskipAt: number, dims: ScanDims, A: Float32Array, Dskip: Float32Array): void {
  writeScanParams(new Float32Array(heap.memory.buffer, at, scanParamLength(dims.state, dims.dim)), new Float32Array(heap.memory.buffer, dskipAt, dims.dim), dims, A, Dskip);
}

/** Batch rows shared out by whole rows, so each row's arithmetic is the same on any number of threads. */
function rowRanges(heap: WasmHeap, dims: ScanDims): Array<[number, number]> {
  const { batch: B, length: L, dim: D, state: N } = dims;
  return heapChunks(heap, B, L * D * N, MIN_SHARE_UPDATES);
}

/** Runs `fn` once per range of batch rows; `args(b0, b1, i)` gives range i's arguments (range i owns scratch slot i). */
function runRows(heap: WasmHeap, ranges: Array<[number, number]>, fn: 'forwardRows' | 'backwardRows', args: (b0: number, b1: number, i: number) => number[]): void {
  runHeapChunks(heap, 'selective-scan', fn, ranges.map(([b0, b1], i) => args(b0, b1, i)));
}

/**
 * The selective scan on tfjs-backend-wasm: the same SIMD kernel as the own-memory one
 * (assembly/selective-scan.ts, heap build), run on the tensors where they lie in the backend's
 * heap, the outputs written into new tensors there, so no batch row is copied in or out; batch
 * rows are shared among the backend's threads when the heap pool is on. Every output equals the
 * own-memory kernel's bit for bit at any thread count: dA and dDskip are kept per (row, chunk)
 * and added up here in that kernel's order.
 */
export function selectiveScanOnHeap(
  u: tf.Tensor, delta: tf.Tensor, A: tf.Tensor, Bm: tf.Tensor, C: tf.Tensor, Dskip: tf.Tensor,
  dims: ScanDims, T: number,
): tf.Tensor3D {
  const { batch: B, length: L, dim: D, state: N } = dims;
  const chunks = numChunks(L, T);
  const backend = tf.backend() as unknown as WasmHeapBackend;
  const heap = wasmHeapOf(backend);
  const f32 = (at: number, n: number) => new Float32Array(heap.memory.buffer, at, n);
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [ut, dt, at, bt, ct, st] = args as tf.Tensor[];
    const save = args[6] as tf.GradSaveFunc;
    const A32 = at.dataSync() as Float32Array;
    const D32 = st.dataSync() as Float32Array;
    const helpers = instantiateOnHeap<ScanHelpers>('selective-scan', heap);
    validateSigns(backend.typedArrayFromHeap(dt), A32, (values) => helpers.firstNegative(values.byteOffset, values.length));
    const ranges = rowRanges(heap, dims);
    const y = backend.makeOutput([B, L, D], 'float32');
    // The states before every T-th token stay in the heap as a tensor that the tape keeps for the
    // backward (disposed with this scope when no tape records). They used to be copied out to a
    // new JS array and back, and the first touch of that array's fresh pages cost far more than
    // the copy itself (README, Speed, round four).
    const states = backend.makeOutput([B * chunks * N * D], 'float32');
    const scratch = new Arena(heap.memory).alloc('At', scanParamLength(N, D)).alloc('Dskip', D);
    ranges.forEach((_, i) => scratch.alloc(`h${i}`, N * D));
    // Allocating may grow the heap, so offsets and views are taken after it.
    withScratch(heap, scratch.bytes, (base) => {
      const p = (name: string) => base + scratch.ptr(name);
      writeParams(heap, p('At'), p('Dskip'), dims, A32, D32);
      const [uAt, dAt, bAt, cAt, yAt, statesAt] = [ut, dt, bt, ct, y, states].map((t) => heapOffset(backend, t));
      runRows(heap, ranges, 'forwardRows', (b0, b1, i) => [b0, b1, L, D, N, T, uAt, dAt, p('At'), bAt, cAt, p('Dskip'), yAt, statesAt, p(`h${i}`)]);
    });
    save([ut, dt, bt, ct, tf.engine().makeTensorFromTensorInfo(states)]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [su, sd, sb, sc, sstates] = saved;
      const ranges = rowRanges(heap, dims);
      const outs = [[B, L, D], [B, L, D], [B, L, N], [B, L, N]].map((shape) => backend.makeOutput(shape, 'float32'));
      const block = new Arena(heap.memory).alloc('At', scanParamLength(N, D)).alloc('Dskip', D)
        .alloc('dAchunks', B * chunks * N * D).alloc('dDchunks', B * chunks * D)
        .alloc('dAsum', N * D, 8).alloc('dDsum', D, 8).alloc('dA', N * D).alloc('dD', D);
      const perRange = ['h', 'decay', 'decayedPrev', 'carry', 'dAchunk', 'dDchunk', 'gB', 'gC'];
      ranges.forEach((_, i) => block.alloc(`dAt${i}`, N * D, 8).alloc(`dDskip${i}`, D, 8).alloc(`h${i}`, N * D)
        .alloc(`decay${i}`, T * N * D).alloc(`decayedPrev${i}`, T * N * D).alloc(`carry${i}`, N * D).alloc(`dAchunk${i}`, N * D)
        .alloc(`dDchunk${i}`, D).alloc(`gB${i}`, 4 * N).alloc(`gC${i}`, 4 * N));
      const [dA, dDskip] = withScratch(heap, block.bytes, (base) => {
        const p = (name: string) => base + block.ptr(name);
        writeParams(heap, p('At'), p('Dskip'), dims, A32, D32);
        const [uAt, dAt, bAt, cAt, statesAt, dyAt, duAt, ddAt, dbAt, dcAt] = [su, sd, sb, sc, sstates, dy, ...outs].map((t) => heapOffset(backend, t));
        runRows(heap, ranges, 'backwardRows', (b0, b1, i) => [b0, b1, L, D, N, T, uAt, dAt, p('At'), bAt, cAt, p('Dskip'), statesAt, dyAt,
          duAt, ddAt, dbAt, dcAt, p('dAchunks'), p('dDchunks'), p(`dAt${i}`), p(`dDskip${i}`), ...perRange.map((name) => p(`${name}${i}`))]);
        helpers.sumChunks(p('dAchunks'), B, chunks, N * D, p('dAsum'), p('dA'));
        helpers.sumChunks(p('dDchunks'), B, chunks, D, p('dDsum'), p('dD'));
        return [f32(p('dA'), N * D).slice(), f32(p('dD'), D).slice()];
      });
      const dAdn = new Float32Array(D * N);
      for (let d = 0; d < D; d++) for (let n = 0; n < N; n++) dAdn[d * N + n] = dA[n * D + d];
      const [du, ddelta, dBm, dC] = outs.map((info) => tf.engine().makeTensorFromTensorInfo(info));
      return [du, ddelta, tf.tensor2d(dAdn, [D, N]), dBm, dC, tf.tensor1d(dDskip)];
    };
    return { value: tf.engine().makeTensorFromTensorInfo(y) as tf.Tensor3D, gradFunc };
  });
  return op(u, delta, A, Bm, C, Dskip) as tf.Tensor3D;
}
