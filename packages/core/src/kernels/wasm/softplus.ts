import { Softplus, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { heapModuleBuilt, instantiateOnHeap, wasmHeapOf, withScratch } from '../../wasm/heap-module';
import { heapChunks, runHeapChunks } from '../../wasm/heap-threads';
import { heapOffset, type WasmHeapBackend } from '../../wasm/tensor-io';

type KernelArgs = Parameters<KernelFunc>[0];

/** Vectors (4 values) a thread's share must hold to be worth waking a worker for. */
const MIN_SHARE_VECTORS = 1 << 15;

interface SoftplusExports {
  softplus(x: number, y: number, n4: number): void;
}

/**
 * Wraps the stock wasm Softplus, a scalar log1p(exp(x)) loop slow enough to show in an nnMamba
 * train step (Mamba's delta = softplus(dt); `mambabench perf --profile` lists kernels by time).
 * assembly/softplus.ts does four lanes at a time with a polynomial exp and log, reading x and
 * writing the output tensor where they lie in the backend's heap: several times faster than the
 * stock loop, and a little faster than with copies in and out of the module's own memory. Other
 * dtypes, or an unbuilt module, go to the stock kernel. The gradient (dy * sigmoid(x)) is tfjs's
 * own. With the backend's threads each chunk of the output is written by one of them.
 */
export function createSoftplusConfig(original: KernelConfig): KernelConfig {
  const delegate = original.kernelFunc;
  const kernelFunc = (args: { inputs: { x: TensorInfo }; backend: unknown }) => {
    const { x } = args.inputs;
    if (x.dtype !== 'float32' || !heapModuleBuilt('softplus')) return delegate(args as unknown as KernelArgs);
    const backend = args.backend as WasmHeapBackend;
    const heap = wasmHeapOf(backend);
    const kernel = instantiateOnHeap<SoftplusExports>('softplus', heap);
    const n = x.shape.reduce((a, b) => a * b, 1);
    const out = backend.makeOutput([...x.shape], 'float32');
    const body = n & ~3;
    const [xAt, outAt] = [heapOffset(backend, x), heapOffset(backend, out)];
    // With the backend's threads (heap-threads.ts) they take chunks of whole vectors in turn.
    const ranges = heapChunks(heap, body / 4, 1, MIN_SHARE_VECTORS);
    runHeapChunks(heap, 'softplus', 'softplus', ranges.map(([v0, v1]) => [xAt + v0 * 16, outAt + v0 * 16, (v1 - v0) * 4]));
    // The last n % 4 values go through a 4-float scratch: the kernel works in whole vectors and
    // must not write past the output tensor.
    if (body < n) {
      withScratch(heap, 16, (scratch) => {
        const tail = new Float32Array(heap.memory.buffer, scratch, 4);
        tail.fill(0).set(backend.typedArrayFromHeap(x).subarray(body));
        kernel.softplus(scratch, scratch, 4);
        backend.typedArrayFromHeap(out).set(tail.subarray(0, n - body), body);
      });
    }
    return out;
  };
  return { ...original, kernelName: Softplus, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
