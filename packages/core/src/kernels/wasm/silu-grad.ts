import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { SILU_GRAD } from '../../nn/silu-grad-kernel';
import { wasmHeapOf } from '../../wasm/heap-module';
import { heapChunks, runHeapChunks } from '../../wasm/heap-threads';
import { heapOffset, type WasmHeapBackend } from '../../wasm/tensor-io';

/** Elements a thread's share must hold to be worth waking a worker for (four streams each). */
const MIN_SHARE_ELEMENTS = 1 << 16;

/**
 * SiLU's gradient (nn/silu-grad-kernel.ts) as one pass over dy, x and s where they lie in the
 * backend's heap (assembly/silu-grad.ts), writing dx; ranges of elements are shared among the
 * backend's threads. It replaces the six elementwise kernels of the composed gradient, with their
 * bits.
 */
function siluGrad(args: { inputs: Record<'dy' | 'x' | 's', TensorInfo>; backend: unknown }): TensorInfo {
  const { dy, x, s } = args.inputs;
  for (const [name, t] of Object.entries(args.inputs)) {
    if (t.dtype !== 'float32' || !util.arraysEqual(t.shape, x.shape)) {
      throw new Error(`${SILU_GRAD}: ${name} must be float32 of shape [${x.shape}], got ${t.dtype} [${t.shape}]`);
    }
  }
  const backend = args.backend as WasmHeapBackend;
  const heap = wasmHeapOf(backend);
  const dx = backend.makeOutput([...x.shape], 'float32');
  const pointers = [dy, x, s, dx].map((t) => heapOffset(backend, t));
  const n = util.sizeFromShape(x.shape);
  const ranges = heapChunks(heap, Math.ceil(n / 4), 4, MIN_SHARE_ELEMENTS);
  runHeapChunks(heap, 'silu-grad', 'siluGrad', ranges.map(([v0, v1]) => [...pointers, v0 * 4, Math.min(v1 * 4, n)]));
  return dx;
}

export const siluGradConfig: KernelConfig = {
  kernelName: SILU_GRAD,
  backendName: 'wasm',
  kernelFunc: siluGrad as unknown as KernelFunc,
};
