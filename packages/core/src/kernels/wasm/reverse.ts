import type { WasmHeapBackend } from '../../wasm/tensor-io';
import { wasmHeapOf } from '../../wasm/heap-module';
import { copyRunsModule } from './heap-runs';
import { Reverse, util, type KernelConfig, type KernelFunc, type ReverseAttrs, type TensorInfo } from '@tensorflow/tfjs-core';

type KernelArgs = Parameters<KernelFunc>[0];

type Elements = Float32Array | Int32Array | Uint8Array;

// One small function per case: V8 keeps each loop optimised for its own shape of work.

function flipElements(src: Elements, dst: Elements, outer: number, n: number): void {
  for (let base = 0; base < outer * n; base += n) {
    for (let i = 0; i < n; i++) dst[base + i] = src[base + n - 1 - i];
  }
}

/** Rows of a few elements: an element loop beats a call per row. */
function flipShortRows(src: Elements, dst: Elements, outer: number, n: number, inner: number): void {
  for (let base = 0; base < outer * n * inner; base += n * inner) {
    for (let i = 0; i < n; i++) {
      const from = base + (n - 1 - i) * inner;
      const to = base + i * inner;
      for (let j = 0; j < inner; j++) dst[to + j] = src[from + j];
    }
  }
}

/** Both tensors live in the heap: one memmove per row. */
function flipRows(src: Elements, dst: Elements, outer: number, n: number, inner: number): void {
  const heap = new Uint8Array(src.buffer);
  const bytes = src.BYTES_PER_ELEMENT;
  const rowBytes = inner * bytes;
  for (let base = 0; base < outer * n * inner; base += n * inner) {
    for (let i = 0; i < n; i++) {
      const from = src.byteOffset + (base + (n - 1 - i) * inner) * bytes;
      heap.copyWithin(dst.byteOffset + (base + i * inner) * bytes, from, from + rowBytes);
    }
  }
}

/**
 * Wraps the stock wasm Reverse, which computes a multi-dimensional index per element: slow
 * enough to be a large share of a VMamba train step (its cross-scans flip every sequence forward
 * and backward; `mambabench perf --profile` lists kernels by time). Flipping a single axis is a
 * copy of contiguous rows in reverse order: view the tensor as (outer, n, inner) and move each
 * inner row inside the heap, by memory.copy in assembly/copy-runs.ts where it is built (3-4x a
 * JS copyWithin per row on the shared heap), else with one copyWithin per row (a subarray + set
 * per row cost several times more on 64-float rows), or element by element for rows under 16
 * elements. Several axes at once go to the stock kernel.
 */
export function createReverseConfig(original: KernelConfig): KernelConfig {
  const delegate = original.kernelFunc;
  const kernelFunc = (args: { inputs: { x: TensorInfo }; attrs: ReverseAttrs; backend: unknown }) => {
    const { x } = args.inputs;
    const axes = util.parseAxisParam(args.attrs.dims, x.shape).filter((a) => x.shape[a] > 1);
    if (axes.length !== 1 || x.dtype === 'string' || x.dtype === 'complex64') return delegate(args as unknown as KernelArgs);
    const backend = args.backend as WasmHeapBackend;
    const axis = axes[0];
    const n = x.shape[axis];
    const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
    const out = backend.makeOutput([...x.shape], x.dtype);
    // Views taken after makeOutput, which may grow (and so replace) the heap's buffer.
    const src = backend.typedArrayFromHeap(x);
    const dst = backend.typedArrayFromHeap(out);
    const wasm = copyRunsModule(wasmHeapOf(backend));
    if (wasm) wasm.flipRows(src.byteOffset, dst.byteOffset, outer, n, inner * src.BYTES_PER_ELEMENT);
    else if (inner === 1) flipElements(src, dst, outer, n);
    else if (inner < 16) flipShortRows(src, dst, outer, n, inner);
    else flipRows(src, dst, outer, n, inner);
    return out;
  };
  return { ...original, kernelName: Reverse, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
