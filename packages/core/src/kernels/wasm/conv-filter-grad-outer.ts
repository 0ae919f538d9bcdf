import type { backend_util, TensorInfo } from '@tensorflow/tfjs-core';
import { heapModuleBuilt, instantiateOnHeap, wasmHeapOf } from '../../wasm/heap-module';
import { heapOffset, type WasmHeapBackend } from '../../wasm/tensor-io';

interface OuterProductExports {
  convFilterGrad(...args: number[]): void;
}

/** The outer-product kernel's tiles: 4 input and 8 output channels; conv2d's filter gradient has no dilation. */
export function outerProductsApply(info: backend_util.Conv2DInfo): boolean {
  return info.inChannels % 4 === 0 && info.outChannels % 8 === 0 && info.dilationHeight === 1 &&
    info.dilationWidth === 1 && heapModuleBuilt('outer-product-sum');
}

/**
 * A dense conv's filter gradient by assembly/outer-product-sum.ts: per row of dy and filter tap,
 * the sum of outer products of x's pixels (every sW-th) and dy's, read where they lie in the
 * backend's heap. XNNPACK needs the operands transposed and one of them (pixels x channels)
 * packed for this, a cost per element. On one thread this runs about as fast as the forward conv
 * (the wasm-kernels bench's dW column beside fwd) and clearly faster than the XNNPACK-based forms
 * it replaced. Single-threaded: in the 2-thread build a train step (nnmamba4-scaled) measured the
 * same as with XNNPACK's 2-thread forms.
 */
export function filterGradByOuterProducts(backend: WasmHeapBackend, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { convFilterGrad } = instantiateOnHeap<OuterProductExports>('outer-product-sum', wasmHeapOf(backend));
  const out = backend.makeOutput([info.filterHeight, info.filterWidth, info.inChannels, info.outChannels], 'float32');
  convFilterGrad(
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left,
    heapOffset(backend, x), heapOffset(backend, dy), heapOffset(backend, out),
  );
  return out;
}
