import * as tf from '@tensorflow/tfjs-core';
import {
  BatchMatMul,
  type BatchMatMulAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { asTensor } from './conv-geometry';
import { multiplyPerBatch, perBatchApplies, type PerBatchBackend } from './per-batch-mat-mul';

type KernelArgs = Parameters<KernelFunc>[0];

/** Swaps the two innermost axes (wasm runs this on its 2-D transpose path, batch by batch). */
function transposeInner(info: tf.TensorInfo): tf.Tensor {
  const perm = info.shape.map((_, i) => i);
  perm.push(perm.splice(-2, 1)[0]);
  return tf.tidy(() => tf.transpose(asTensor(info), perm));
}

/**
 * Wraps the stock wasm BatchMatMul. That kernel hands work to XNNPACK's GEMM only for
 * non-transposed, unbatched operands; with transposeA/transposeB set (every matMul gradient) it
 * falls back to a scalar loop, far slower (the wasm-kernels bench's stock Aᵀ·B and A·Bᵀ
 * columns). Transposing explicitly first is a cheap copy that keeps the product on the fast
 * path; batched products then go to XNNPACK one batch at a time (per-batch-mat-mul.ts). The
 * original config is passed in so the override can delegate to it and keep its setupFunc, which
 * binds the wasm function when the backend initialises.
 */
export function createBatchMatMulConfig(original: KernelConfig): KernelConfig {
  const delegate = original.kernelFunc;
  const kernelFunc = (args: { inputs: { a: TensorInfo; b: TensorInfo }; attrs: BatchMatMulAttrs; backend: unknown }) => {
    const { inputs, attrs, backend } = args;
    const plain = !attrs.transposeA && !attrs.transposeB;
    if (plain && !perBatchApplies(inputs.a, inputs.b)) return delegate(args as unknown as KernelArgs);
    const a = attrs.transposeA ? transposeInner(inputs.a) : null;
    const b = attrs.transposeB ? transposeInner(inputs.b) : null;
    try {
      const aPlain = a ?? inputs.a;
      const bPlain = b ?? inputs.b;
      if (perBatchApplies(aPlain, bPlain)) return multiplyPerBatch(backend as PerBatchBackend, aPlain, bPlain);
      // The delegate's output is a fresh TensorInfo that the engine wraps as the result.
      return delegate({
        inputs: { a: aPlain, b: bPlain },
        attrs: { ...attrs, transposeA: false, transposeB: false },
        backend,
      } as unknown as KernelArgs);
    } finally {
      a?.dispose();
      b?.dispose();
    }
  };
  return {
    kernelName: BatchMatMul,
    backendName: 'wasm',
    setupFunc: original.setupFunc,
    disposeFunc: original.disposeFunc,
    kernelFunc: kernelFunc as unknown as KernelFunc,
  };
}
