import { Cast, type CastAttrs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmHeapBackend } from '../../wasm/tensor-io';
import { shareBuffer } from './identity';

type KernelArgs = Parameters<KernelFunc>[0];

function toBool(x: TensorInfo, backend: WasmHeapBackend): TensorInfo {
  const out = backend.makeOutput([...x.shape], 'bool');
  const from = backend.typedArrayFromHeap(x);
  const to = backend.typedArrayFromHeap(out);
  // NaN !== 0, so NaN casts to true, as on cpu.
  for (let i = 0; i < from.length; i++) to[i] = from[i] !== 0 ? 1 : 0;
  return out;
}

/**
 * Cast to the tensor's own dtype shares its buffer instead of copying it, as Identity does
 * (identity.ts). tfjs's Multiply gradient casts both of its operands to float32 on every
 * backward pass, so the stock kernel's copy ran twice per product: a measurable share of a Vim
 * train step.
 * Casts to bool test for non-zero (as the cpu backend does): the stock kernel copies the values
 * into the bytes, so int32 3 became 3 and 256 became 0. Other casts go to the stock kernel.
 */
export function createCastConfig(original: KernelConfig): KernelConfig {
  const delegate = original.kernelFunc;
  const kernelFunc = (args: { inputs: { x: TensorInfo }; attrs: CastAttrs; backend: unknown }): TensorInfo => {
    const { x } = args.inputs;
    if (x.dtype === 'string') return delegate(args as unknown as KernelArgs) as TensorInfo;
    if (x.dtype === args.attrs.dtype) return shareBuffer(x, args.backend);
    if (args.attrs.dtype === 'bool') return toBool(x, args.backend as WasmHeapBackend);
    return delegate(args as unknown as KernelArgs) as TensorInfo;
  };
  return { ...original, kernelName: Cast, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
