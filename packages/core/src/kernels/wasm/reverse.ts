import type { WasmHeapBackend } from '../../wasm/tensor-io';
import { wasmHeapOf } from '../../wasm/heap-module';
import { copyRunsModule } from './heap-runs';
import { Reverse, util, type KernelConfig, type KernelFunc, type ReverseAttrs, type TensorInfo } from '@tensorflow/tfjs-core';

type KernelArgs = Parameters<KernelFunc>[0];

/**
 * Wraps the stock wasm Reverse, which computes a multi-dimensional index per element: slow
 * enough to be a large share of a VMamba train step (its cross-scans flip every sequence forward
 * and backward; `mambabench perf --profile` lists kernels by time). Flipping a single axis is a
 * copy of contiguous rows in reverse order: view the tensor as (outer, n, inner) and move each
 * inner row inside the heap by memory.copy (assembly/copy-runs.ts; 3-4x a JS copyWithin per row
 * on the shared heap, which in turn beat a subarray + set per row several times on 64-float
 * rows). Several axes at once, or an unbuilt module, go to the stock kernel.
 */
export function createReverseConfig(original: KernelConfig): KernelConfig {
  const delegate = original.kernelFunc;
  const kernelFunc = (args: { inputs: { x: TensorInfo }; attrs: ReverseAttrs; backend: unknown }) => {
    const { x } = args.inputs;
    const axes = util.parseAxisParam(args.attrs.dims, x.shape).filter((a) => x.shape[a] > 1);
    const backend = args.backend as WasmHeapBackend;
    const wasm = copyRunsModule(wasmHeapOf(backend));
    if (!wasm || axes.length !== 1 || x.dtype === 'string' || x.dtype === 'complex64') return delegate(args as unknown as KernelArgs);
    const axis = axes[0];
    const n = x.shape[axis];
    const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
    const out = backend.makeOutput([...x.shape], x.dtype);
    // Views taken after makeOutput, which may grow (and so replace) the heap's buffer.
    const src = backend.typedArrayFromHeap(x);
    const dst = backend.typedArrayFromHeap(out);
    wasm.flipRows(src.byteOffset, dst.byteOffset, outer, n, inner * src.BYTES_PER_ELEMENT);
    return out;
  };
  return { ...original, kernelName: Reverse, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
