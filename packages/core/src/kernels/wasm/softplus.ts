import { Softplus, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { Arena, ascModuleBuilt, instantiateAscModule } from '../../wasm/asc-module';
import type { WasmHeapBackend } from '../../wasm/tensor-io';

type KernelArgs = Parameters<KernelFunc>[0];

interface SoftplusExports {
  memory: WebAssembly.Memory;
  softplus(x: number, y: number, n4: number): void;
}

let kernel: SoftplusExports | null = null;

/**
 * Wraps the stock wasm Softplus, a scalar log1p(exp(x)) loop measured at ~0.07 G elements/s (15 ms
 * of a 450 ms nnMamba step for Mamba's delta = softplus(dt)). assembly/softplus.ts does four
 * lanes at a time with a polynomial exp and log; float32 input is copied into its memory and the
 * result straight into a new heap tensor. Other dtypes, or an unbuilt module, go to the stock
 * kernel. The gradient (dy * sigmoid(x)) is tfjs's own.
 */
export function createSoftplusConfig(original: KernelConfig): KernelConfig {
  const delegate = original.kernelFunc;
  const kernelFunc = (args: { inputs: { x: TensorInfo }; backend: unknown }) => {
    const { x } = args.inputs;
    if (x.dtype !== 'float32' || !ascModuleBuilt('softplus')) return delegate(args as unknown as KernelArgs);
    const backend = args.backend as WasmHeapBackend;
    kernel ??= instantiateAscModule<SoftplusExports>('softplus');
    const n = x.shape.reduce((a, b) => a * b, 1);
    const a = new Arena(kernel.memory).alloc('x', n).alloc('y', n).commit();
    a.f32('x', n).set(backend.typedArrayFromHeap(x));
    kernel.softplus(a.ptr('x'), a.ptr('y'), Math.ceil(n / 4) * 4);
    const out = backend.makeOutput([...x.shape], 'float32');
    backend.typedArrayFromHeap(out).set(a.f32('y', n));
    return out;
  };
  return { ...original, kernelName: Softplus, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
