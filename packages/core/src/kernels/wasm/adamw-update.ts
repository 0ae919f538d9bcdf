import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { ADAMW_UPDATE, type AdamWUpdateAttrs } from '../../optim/adamw-kernel';
import { wasmHeapOf } from '../../wasm/heap-module';
import { heapChunks, runHeapChunks } from '../../wasm/heap-threads';
import { heapOffset, type WasmHeapBackend } from '../../wasm/tensor-io';

/** Elements a thread's share must hold to be worth waking a worker for (seven streams each). */
const MIN_SHARE_ELEMENTS = 1 << 16;

/**
 * AdamW's update of one float32 parameter as one pass over param, grad, m and v
 * (assembly/adamw.ts) on the tensors where they lie, writing three new tensors; ranges of
 * elements are shared among the backend's threads. It replaces the ~14 tfjs ops per parameter
 * that optim/adamw.ts composes elsewhere (each a kernel call, an allocation and, for the small
 * ones, a wake-up of XNNPACK's threads), with their bits: the same IEEE float32 operations in
 * the same order, on the same float32 scalars.
 */
function adamwUpdate(args: { inputs: Record<'param' | 'grad' | 'm' | 'v', TensorInfo>; attrs: AdamWUpdateAttrs; backend: unknown }): TensorInfo[] {
  const { param, grad, m, v } = args.inputs;
  for (const [name, t] of Object.entries(args.inputs)) {
    if (t.dtype !== 'float32' || !util.arraysEqual(t.shape, param.shape)) {
      throw new Error(`${ADAMW_UPDATE}: ${name} must be float32 of shape [${param.shape}], got ${t.dtype} [${t.shape}]`);
    }
  }
  const a = args.attrs;
  const backend = args.backend as WasmHeapBackend;
  const heap = wasmHeapOf(backend);
  const outs = [param, m, v].map((t) => backend.makeOutput([...t.shape], 'float32'));
  const pointers = [param, m, v, grad, ...outs].map((t) => heapOffset(backend, t));
  const n = util.sizeFromShape(param.shape);
  const scalars = [a.keep, a.beta1, 1 - a.beta1, a.beta2, 1 - a.beta2, a.sqrtBiasCorrection2, a.eps, a.stepSize, a.decay ? 1 : 0];
  const ranges = heapChunks(heap, Math.ceil(n / 4), 4, MIN_SHARE_ELEMENTS);
  runHeapChunks(heap, 'adamw', 'adamwUpdate', ranges.map(([v0, v1]) => [...pointers, v0 * 4, Math.min(v1 * 4, n), ...scalars]));
  return outs;
}

export const adamwUpdateConfig: KernelConfig = {
  kernelName: ADAMW_UPDATE,
  backendName: 'wasm',
  kernelFunc: adamwUpdate as unknown as KernelFunc,
};
