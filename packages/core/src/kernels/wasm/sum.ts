import {
  Sum,
  backend_util,
  util,
  type KernelConfig,
  type KernelFunc,
  type SumAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { heapModuleBuilt, wasmHeapOf } from '../../wasm/heap-module';
import { heapChunks, runHeapChunks } from '../../wasm/heap-threads';
import { heapOffset, type WasmHeapBackend } from '../../wasm/tensor-io';

type KernelArgs = Parameters<KernelFunc>[0];

/** Columns the kernel takes at a time (four vectors in registers). */
const BLOCK = 16;
/** Elements a thread's share must hold to be worth waking a worker for. */
const MIN_SHARE_ELEMENTS = 1 << 19;

/** The number of leading axes reduced when `axes` are exactly 0..k-1 with k < rank, else 0. */
export function leadingAxesReduced(axes: number[], rank: number): number {
  const sorted = [...axes].sort((a, b) => a - b);
  return sorted.length < rank && sorted.every((axis, i) => axis === i) ? sorted.length : 0;
}

/**
 * Wraps the stock wasm Sum, which reduces only innermost axes and first transposes any other
 * reduction (with its own, untiled transpose), which made the column sums that every bias,
 * LayerNorm and D gradient takes over the leading axes slow (e.g. [32, 65, 192], [32, 1024, 32]).
 * A float32 sum over leading axes is here assembly/column-sum.ts on the tensors where they lie,
 * column blocks shared among the backend's threads: the same bits as the product
 * ones[1, rows] . x[rows, rest] on XNNPACK that did it before (a float32 accumulator per column,
 * rows in order), which needed x transposed and packed on every call ([2080, 192]: 2.7 ms).
 * Other reductions go to the stock kernel.
 */
export function createSumConfig(original: KernelConfig): KernelConfig {
  const delegate = original.kernelFunc;
  const kernelFunc = (args: { inputs: { x: TensorInfo }; attrs: SumAttrs; backend: unknown }) => {
    const { x } = args.inputs;
    const axes = util.parseAxisParam(args.attrs.axis, x.shape);
    const k = leadingAxesReduced(axes, x.shape.length);
    const rows = util.sizeFromShape(x.shape.slice(0, k));
    if (x.dtype !== 'float32' || k === 0 || rows < 2 || util.sizeFromShape(x.shape) === 0 || !heapModuleBuilt('column-sum')) {
      return delegate(args as unknown as KernelArgs);
    }
    const backend = args.backend as WasmHeapBackend;
    const heap = wasmHeapOf(backend);
    const rest = x.shape.slice(k);
    const cols = util.sizeFromShape(rest);
    const out = backend.makeOutput(args.attrs.keepDims ? backend_util.expandShapeToKeepDim(rest, axes) : rest, 'float32');
    const [xAt, outAt] = [heapOffset(backend, x), heapOffset(backend, out)];
    const ranges = heapChunks(heap, Math.ceil(cols / BLOCK), rows * BLOCK, MIN_SHARE_ELEMENTS);
    runHeapChunks(heap, 'column-sum', 'columnSums', ranges.map(([b0, b1]) => [xAt, outAt, rows, cols, b0 * BLOCK, Math.min(b1 * BLOCK, cols)]));
    return out;
  };
  return { ...original, kernelName: Sum, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
