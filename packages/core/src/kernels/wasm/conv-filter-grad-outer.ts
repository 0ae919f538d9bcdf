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
 * packed, ~3.6 ns per element, for this. Batch 32, one thread, against the forward conv (and
 * the XNNPACK-based forms it replaced): 3x3 32x32x32->32 19.5 ms (forward 19.7; 29.6),
 * 16x16x64->64 stride 2 4.7 (5.0; 7.6), 8x8x128->128 16.5 (19.8; 28.3), 1x1 16x16x64->128 stride 2
 * 1.3 (1.2; 2.3), 1x1 8x8x128->128 2.3 (2.3; 3.4). Single-threaded: in the 2-thread build a
 * train step measured the same as with XNNPACK's 2-thread forms (nnmamba4-scaled 1.04x).
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
