import { Identity, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

type KernelArgs = Parameters<KernelFunc>[0];

interface RefCountingBackend {
  incRef(dataId: object): void;
}

/** A new tensor over x's buffer (the backend frees it with the last tensor that uses it). */
export function shareBuffer(x: TensorInfo, backend: unknown): TensorInfo {
  (backend as RefCountingBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/**
 * Identity (what tf.clone runs, and with it every tensor the engine saves for a backward pass)
 * shares the input's buffer, as the cpu backend does, instead of copying it as the stock wasm
 * kernel does: that copy took a measurable share of an nnMamba train step and held a second
 * buffer for every saved activation. Safe because no kernel writes into its inputs; the buffer is
 * reference-counted and freed with the last tensor that uses it. Strings go to the stock kernel.
 */
export function createIdentityConfig(original: KernelConfig): KernelConfig {
  const delegate = original.kernelFunc;
  const kernelFunc = (args: { inputs: { x: TensorInfo }; backend: unknown }): TensorInfo => {
    const { x } = args.inputs;
    if (x.dtype === 'string') return delegate(args as unknown as KernelArgs) as TensorInfo;
    return shareBuffer(x, args.backend);
  };
  return { ...original, kernelName: Identity, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
