import { heapOffset, type WasmHeapBackend } from '../../wasm/tensor-io';
import { heapModuleBuilt, instantiateOnHeap, wasmHeapOf } from '../../wasm/heap-module';
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
 * Moves `count` blocks: block k is dst[outBase + k * outStep + j * strideB + i] =
 * src[inBase + k * inStep + i * strideA + j] for i < sizeA, j < sizeB (offsets in elements).
 */
type BlocksMove = (
  inBase: number, outBase: number, count: number, inStep: number, outStep: number,
  sizeA: number, sizeB: number, strideA: number, strideB: number,
) => void;

/**
 * out = transpose(src) for a reduced permutation whose innermost input axis moves, as 2-D blocks
 * over the two axes that are contiguous in the input and in the output. The innermost of the
 * other axes goes to `move` as a count of blocks; the rest are walked by an odometer.
 */
function transposeBlocks(shape: number[], perm: number[], move: BlocksMove): void {
  const rank = shape.length;
  const inStride = new Array<number>(rank);
  for (let i = rank - 1, s = 1; i >= 0; s *= shape[i], i--) inStride[i] = s;
  const outStrideOfInput = new Array<number>(rank);
  for (let j = rank - 1, s = 1; j >= 0; s *= shape[perm[j]], j--) outStrideOfInput[perm[j]] = s;
  const a = perm[rank - 1]; // contiguous in the output
  const b = rank - 1; // contiguous in the input
  const others = shape.map((_, i) => i).filter((i) => i !== a && i !== b);
  const last = others.pop();
  const count = last === undefined ? 1 : shape[last];
  const inStep = last === undefined ? 0 : inStride[last];
  const outStep = last === undefined ? 0 : outStrideOfInput[last];
  const sizes = others.map((axis) => shape[axis]);
  const ins = new RunStarts(others.map((axis) => inStride[axis]), sizes, 0);
  const outs = new RunStarts(others.map((axis) => outStrideOfInput[axis]), sizes, 0);
  const calls = sizes.reduce((n, size) => n * size, 1);
  for (let call = 0; call < calls; call++, ins.advance(), outs.advance()) {
    move(ins.at, outs.at, count, inStep, outStep, shape[a], shape[b], inStride[a], outStrideOfInput[b]);
  }
}

/**
 * The block move in JS, tile by tile (TILE x TILE keeps the reads and the writes within a few
 * cache lines). Elements move as their bits (int32 views for float32), which beat float32 views
 * in a plain-JS micro-benchmark, and NaN payloads survive. (On the threaded build's
 * SharedArrayBuffer heap the same loop runs markedly slower.)
 */
function transposeBlockJs(
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

/** How a permutation runs: our SIMD block kernel, the tiled JS loop, or the stock kernel. */
export type TransposePath = 'simd' | 'js' | 'stock';

/**
 * Where ours beats the stock kernel, measured per shape over the 160 distinct transposes of an
 * nnMamba, a MedMamba, a VMamba and a MambaVision train step (one thread; with ours, all four
 * steps' transposes together took well under the stock time). The stock loop walks the output in
 * index order with no blocking: fine while its data sits in cache, slow beyond it (2048 x 512 is
 * far faster with ours). The SIMD kernel wins from 8 K elements when the swapped axes span 4 or
 * more (128 x 128 already); below that a call's set-up costs more than the move. When an axis
 * between the swapped ones stays in place, both sides of each block are strided and the stock
 * loop holds up to ~256 K elements ([32, 16, 16, 32] perm [3, 1, 2, 0]: a draw; [32, 34, 34, 32]:
 * ours far ahead). The tiled JS loop, between the SIMD kernel and the stock loop on large
 * blocks, serves bool tensors and an unbuilt module.
 */
export function transposePath(x: TensorInfo, perm: number[]): TransposePath {
  const size = util.sizeFromShape(x.shape);
  if (size < MIN_SIMD_ELEMENTS || x.dtype === 'string' || x.dtype === 'complex64') return 'stock';
  const { shape, perm: p } = reducePermutation(x.shape, perm);
  const rank = shape.length;
  if (rank < 2 || p[rank - 1] === rank - 1) return 'stock'; // whole rows move: the stock copy is fine
  const swapped = Math.min(shape[p[rank - 1]], shape[rank - 1]);
  if ((x.dtype === 'float32' || x.dtype === 'int32') && heapModuleBuilt('transpose')) {
    const stridedBothSides = rank > 2 && p[0] !== 0;
    return size >= (stridedBothSides ? MIN_SIMD_STRIDED : MIN_SIMD_ELEMENTS) && swapped >= 4 ? 'simd' : 'stock';
  }
  return size >= MIN_TILED_ELEMENTS && swapped >= 16 ? 'js' : 'stock';
}

const MIN_SIMD_ELEMENTS = 1 << 13;
const MIN_SIMD_STRIDED = 1 << 19;
const MIN_TILED_ELEMENTS = 1 << 18;

export interface TransposeExports {
  transposeBlocks(src: number, dst: number, count: number, srcStep: number, dstStep: number, sizeA: number, sizeB: number, strideA: number, strideB: number): void;
}

/**
 * Wraps the stock wasm Transpose (see transposePath for when ours runs): transposes feed every
 * transposed matMul and the conv filter gradient. Ours reduces the permutation, walks the axes
 * that stay in place with an odometer and moves each 2-D block of the two axes that swap with
 * assembly/transpose.ts (4-byte elements, on the heap where the tensors lie) or a tiled JS loop.
 */
export function createTransposeConfig(original: KernelConfig): KernelConfig {
  const delegate = original.kernelFunc;
  const kernelFunc = (args: { inputs: { x: TensorInfo }; attrs: TransposeAttrs; backend: unknown }) => {
    const { x } = args.inputs;
    const path = transposePath(x, args.attrs.perm);
    if (path === 'stock') return delegate(args as unknown as KernelArgs);
    const backend = args.backend as WasmHeapBackend;
    const out = backend.makeOutput(args.attrs.perm.map((axis) => x.shape[axis]), x.dtype);
    const reduced = reducePermutation(x.shape, args.attrs.perm);
    if (path === 'simd') {
      const kernel = instantiateOnHeap<TransposeExports>('transpose', wasmHeapOf(backend));
      const from = heapOffset(backend, x);
      const to = heapOffset(backend, out);
      transposeBlocks(reduced.shape, reduced.perm, (inBase, outBase, count, inStep, outStep, ...block) =>
        kernel.transposeBlocks(from + inBase * 4, to + outBase * 4, count, inStep * 4, outStep * 4, ...block));
    } else {
      // int32 / bool tensors come back as their own typed arrays (typed Float32Array by the interface).
      const view = (t: TensorInfo) => bitsView(backend.typedArrayFromHeap(t) as Float32Array | Int32Array | Uint8Array);
      const src = view(x);
      const dst = view(out);
      transposeBlocks(reduced.shape, reduced.perm, (inBase, outBase, count, inStep, outStep, ...block) => {
        for (let k = 0; k < count; k++) transposeBlockJs(src, dst, inBase + k * inStep, outBase + k * outStep, ...block);
      });
    }
    return out;
  };
  return { ...original, kernelName: Transpose, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
