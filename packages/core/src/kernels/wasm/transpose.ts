import type { WasmHeapBackend } from '../../wasm/tensor-io';
import { RunStarts } from './run-starts';
import { Transpose, util, type KernelConfig, type KernelFunc, type TensorInfo, type TransposeAttrs } from '@tensorflow/tfjs-core';

type KernelArgs = Parameters<KernelFunc>[0];
type Elements = { [i: number]: number };

/**
 * The permutation with size-1 axes dropped and input axes that stay adjacent and in order
 * merged: [N, H, W, C] -> [C, H, W, N] becomes [N, HW, C] -> [C, HW, N], a matMul's transposed
 * operand [B, R, C] -> [B, C, R] stays as it is.
 */
export function reducePermutation(shape: readonly number[], perm: readonly number[]): { shape: number[]; perm: number[] } {
  // Size-1 axes go first, renumbering the rest in input order.
  const keptAxes = shape.map((_, i) => i).filter((i) => shape[i] > 1);
  const kept = perm.filter((axis) => shape[axis] > 1).map((axis) => keptAxes.indexOf(axis));
  // Runs of consecutive input axes in output order become one axis.
  const runs: number[][] = [];
  for (const axis of kept) {
    const last = runs.at(-1);
    if (last && last[last.length - 1] + 1 === axis) last.push(axis);
    else runs.push([axis]);
  }
  const byInputOrder = [...runs].sort((a, b) => a[0] - b[0]);
  return {
    shape: byInputOrder.map((run) => run.reduce((n, axis) => n * shape[keptAxes[axis]], 1)),
    perm: runs.map((run) => byInputOrder.indexOf(run)),
  };
}

const TILE = 32;

/**
 * out = transpose(src) for a reduced permutation whose innermost input axis moves. Tiles of
 * TILE x TILE over the two axes that are contiguous in the input and in the output keep both
 * the reads and the writes within a few cache lines; the other axes are walked by an odometer.
 * Elements are moved as their bits (int32 views for float32): 2048 x 512 took 1.3 ms that way
 * against 2.4 ms through float32 views in a plain-JS micro-benchmark, and NaN payloads survive.
 * (On the threaded build's SharedArrayBuffer heap the same loop runs ~2x slower: 2.7 ms.)
 */
function transposeTiled(src: Elements, dst: Elements, shape: number[], perm: number[]): void {
  const rank = shape.length;
  const inStride = new Array<number>(rank);
  for (let i = rank - 1, s = 1; i >= 0; s *= shape[i], i--) inStride[i] = s;
  const outStrideOfInput = new Array<number>(rank);
  for (let j = rank - 1, s = 1; j >= 0; s *= shape[perm[j]], j--) outStrideOfInput[perm[j]] = s;
  const a = perm[rank - 1]; // contiguous in the output
  const b = rank - 1; // contiguous in the input
  const others = shape.map((_, i) => i).filter((i) => i !== a && i !== b);
  const sizes = others.map((axis) => shape[axis]);
  const ins = new RunStarts(others.map((axis) => inStride[axis]), sizes, 0);
  const outs = new RunStarts(others.map((axis) => outStrideOfInput[axis]), sizes, 0);
  const blocks = sizes.reduce((n, size) => n * size, 1);
  for (let block = 0; block < blocks; block++, ins.advance(), outs.advance()) {
    transposeBlock(src, dst, ins.at, outs.at, shape[a], shape[b], inStride[a], outStrideOfInput[b]);
  }
}

/** dst[outBase + j * strideB + i] = src[inBase + i * strideA + j] for i < sizeA, j < sizeB, tile by tile. */
function transposeBlock(
  src: Elements, dst: Elements, inBase: number, outBase: number,
  sizeA: number, sizeB: number, strideA: number, strideB: number,
): void {
  for (let b0 = 0; b0 < sizeB; b0 += TILE) {
    const bEnd = Math.min(b0 + TILE, sizeB);
    for (let a0 = 0; a0 < sizeA; a0 += TILE) {
      const aEnd = Math.min(a0 + TILE, sizeA);
      const aEnd4 = a0 + ((aEnd - a0) & ~3);
      for (let j = b0; j < bEnd; j++) {
        const to = outBase + j * strideB;
        let from = inBase + a0 * strideA + j;
        let i = a0;
        // Four at a time: V8 keeps the loop tight when the strided reads are spelled out.
        for (; i < aEnd4; i += 4, from += 4 * strideA) {
          dst[to + i] = src[from];
          dst[to + i + 1] = src[from + strideA];
          dst[to + i + 2] = src[from + 2 * strideA];
          dst[to + i + 3] = src[from + 3 * strideA];
        }
        for (; i < aEnd; i++, from += strideA) dst[to + i] = src[from];
      }
    }
  }
}

/** The tensor's elements as bits: float32 through an int32 view of the same memory. */
function bitsView(view: Float32Array | Int32Array | Uint8Array): Elements {
  return view instanceof Float32Array ? new Int32Array(view.buffer, view.byteOffset, view.length) : view;
}

/**
 * Where the tiled copy beats the stock kernel, measured per shape over the transposes of an
 * nnMamba and a MedMamba train step: from 256 K elements up, when the innermost axis moves and
 * both axes that swap span at least 16 (2048 x 512: 6.5 -> 2.7 ms; the conv filter gradient's
 * [32, 34, 34, 32] with perm [3, 1, 2, 0]: 4.6 -> 2.0 ms; 8192 x 32: 0.84 -> 0.69 ms). Below that
 * the stock kernel's own loop is as fast or faster (a [32, 16, 16, 16] one: 0.11 vs 0.34 ms), and
 * so it is when an axis of 2 swaps with the rest.
 */
export function tiledPays(x: TensorInfo, perm: number[]): boolean {
  if (x.dtype === 'string' || x.dtype === 'complex64' || util.sizeFromShape(x.shape) < MIN_TILED_ELEMENTS) return false;
  const { shape, perm: p } = reducePermutation(x.shape, perm);
  const rank = shape.length;
  return rank > 1 && p[rank - 1] !== rank - 1 && Math.min(shape[p[rank - 1]], shape[rank - 1]) >= 16;
}

const MIN_TILED_ELEMENTS = 1 << 18;

/**
 * Wraps the stock wasm Transpose, which walks the output in index order with no blocking: a
 * 2048 x 512 float32 transpose took 6.5 ms against 0.4 ms for an elementwise add over the same
 * 4 MB, and transposes feed every transposed matMul and the conv filter gradient. Large
 * permutations that move the innermost axis run tiled, straight between the backend's heap
 * views; the rest (small ones, whole rows moving, 8-byte types) go to the stock kernel.
 */
export function createTransposeConfig(original: KernelConfig): KernelConfig {
  const delegate = original.kernelFunc;
  const kernelFunc = (args: { inputs: { x: TensorInfo }; attrs: TransposeAttrs; backend: unknown }) => {
    const { x } = args.inputs;
    if (!tiledPays(x, args.attrs.perm)) return delegate(args as unknown as KernelArgs);
    const backend = args.backend as WasmHeapBackend;
    const out = backend.makeOutput(args.attrs.perm.map((axis) => x.shape[axis]), x.dtype);
    // int32 / bool tensors come back as their own typed arrays (typed Float32Array by the interface).
    const view = (t: TensorInfo) => bitsView(backend.typedArrayFromHeap(t) as Float32Array | Int32Array | Uint8Array);
    const reduced = reducePermutation(x.shape, args.attrs.perm);
    transposeTiled(view(x), view(out), reduced.shape, reduced.perm);
    return out;
  };
  return { ...original, kernelName: Transpose, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
