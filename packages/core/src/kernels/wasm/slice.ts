import {
  Concat,
  Slice,
  SplitV,
  backend_util,
  slice_util,
  util,
  type KernelConfig,
  type ConcatAttrs,
  type KernelFunc,
  type SliceAttrs,
  type SplitVAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { wasmHeapOf, type WasmHeap } from '../../wasm/heap-module';
import type { WasmHeapBackend } from '../../wasm/tensor-io';
import { gatherRuns, scatterRuns } from './heap-runs';

type KernelArgs = Parameters<KernelFunc>[0];

/**
 * out = x[begin : begin + size], copied inside the heap (both tensors live in it). The trailing
 * axes taken whole join the innermost partly taken one into one contiguous run. Offsets in bytes.
 */
function sliceWithin(heap: WasmHeap, from: number, to: number, shape: number[], begin: number[], size: number[], bytes: number): void {
  if (shape.length === 0) {
    gatherRuns(heap, { strides: [], sizes: [], first: from, runBytes: bytes }, to);
    return;
  }
  const strides = [...util.computeStrides(shape), 1].map((s) => s * bytes);
  let k = shape.length - 1;
  while (k > 0 && begin[k] === 0 && size[k] === shape[k]) k--;
  const first = from + begin.reduce((sum, b, d) => sum + b * strides[d], 0);
  gatherRuns(heap, { strides: strides.slice(0, k), sizes: size.slice(0, k), first, runBytes: size[k] * strides[k] }, to);
}

function sliceHeap(backend: WasmHeapBackend, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  if (util.sizeFromShape(size) === 0) return out;
  // Views taken after makeOutput, which may grow (and so replace) the heap's buffer.
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  sliceWithin(wasmHeapOf(backend), src.byteOffset, dst.byteOffset, x.shape, begin, size, src.BYTES_PER_ELEMENT);
  return out;
}

const numeric = (x: TensorInfo) => x.dtype !== 'string' && x.dtype !== 'complex64';

/**
 * Wraps the stock wasm Slice, which starts with backend.readSync(x): a copy of the WHOLE input
 * out of the heap before the slice is taken (splitting [32, 1024, 64] in two halves on the last
 * axis cost far more than an elementwise add over a tensor of similar size). Here the slice is
 * copied straight between heap views. Strings and complex go to the stock kernel.
 */
export function createSliceConfig(original: KernelConfig): KernelConfig {
  const delegate = original.kernelFunc;
  const kernelFunc = (args: { inputs: { x: TensorInfo }; attrs: SliceAttrs; backend: unknown }) => {
    const { x } = args.inputs;
    if (!numeric(x)) return delegate(args as unknown as KernelArgs);
    const [begin, size] = slice_util.parseSliceParams(x, args.attrs.begin, args.attrs.size);
    return sliceHeap(args.backend as WasmHeapBackend, x, begin, size);
  };
  return { ...original, kernelName: Slice, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}

/** SplitV as consecutive slices along the axis (the stock kernel calls its own Slice, copy included). */
export function createSplitVConfig(original: KernelConfig): KernelConfig {
  const delegate = original.kernelFunc;
  const kernelFunc = (args: { inputs: { x: TensorInfo }; attrs: SplitVAttrs; backend: unknown }) => {
    const { x } = args.inputs;
    if (!numeric(x)) return delegate(args as unknown as KernelArgs);
    const axis = util.parseAxisParam(args.attrs.axis, x.shape)[0];
    const sizes = backend_util.prepareSplitSize(x, args.attrs.numOrSizeSplits, axis);
    const begin = x.shape.map(() => 0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[axis] = s;
      const part = sliceHeap(args.backend as WasmHeapBackend, x, [...begin], size);
      begin[axis] += s;
      return part;
    });
  };
  return { ...original, kernelName: SplitV, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}

/**
 * Concat as each input copied into its columns of the output, inside the heap: viewed as (outer,
 * inner) with outer the axes before `axis`, input i fills the run of inner_i values at its column
 * offset in every output row. The stock kernel does this with a subarray and a set per row and
 * input (4,160 of each to join two [32, 65, 192] halves on the last axis). Strings, complex and a
 * single non-empty input go to the stock kernel.
 */
export function createConcatConfig(original: KernelConfig): KernelConfig {
  const delegate = original.kernelFunc;
  const kernelFunc = (args: { inputs: TensorInfo[]; attrs: ConcatAttrs; backend: unknown }) => {
    const all = args.inputs;
    const parts = all.filter((t) => util.sizeFromShape(t.shape) > 0);
    if (parts.length < 2 || !parts.every(numeric)) return delegate(args as unknown as KernelArgs);
    const axis = util.parseAxisParam(args.attrs.axis, all[0].shape)[0];
    backend_util.assertParamsConsistent(all.map((t) => t.shape), axis);
    const backend = args.backend as WasmHeapBackend;
    const heap = wasmHeapOf(backend);
    const out = backend.makeOutput(backend_util.computeOutShape(all.map((t) => t.shape), axis), all[0].dtype);
    // Views taken after makeOutput, which may grow (and so replace) the heap's buffer.
    const dst = backend.typedArrayFromHeap(out);
    const bytes = dst.BYTES_PER_ELEMENT;
    const outer = util.sizeFromShape(parts[0].shape.slice(0, axis));
    const inner = parts.map((t) => util.sizeFromShape(t.shape.slice(axis)) * bytes);
    const rowBytes = inner.reduce((a, b) => a + b, 0);
    let column = dst.byteOffset;
    for (const [i, part] of parts.entries()) {
      const src = backend.typedArrayFromHeap(part);
      scatterRuns(heap, src.byteOffset, { strides: [rowBytes], sizes: [outer], first: column, runBytes: inner[i] });
      column += inner[i];
    }
    return out;
  };
  return { ...original, kernelName: Concat, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
