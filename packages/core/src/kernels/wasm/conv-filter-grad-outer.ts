import type { backend_util, TensorInfo } from '@tensorflow/tfjs-core';
import { heapModuleBuilt, wasmHeapOf, withScratch } from '../../wasm/heap-module';
import { heapChunks, runHeapChunks } from '../../wasm/heap-threads';
import { heapOffset, type WasmHeapBackend } from '../../wasm/tensor-io';

/** The outer-product kernel's tiles: 4 input and 8 output channels; conv2d's filter gradient has no dilation. */
export function outerProductsApply(info: backend_util.Conv2DInfo): boolean {
  return info.inChannels % 4 === 0 && info.outChannels % 8 === 0 && info.dilationHeight === 1 &&
    info.dilationWidth === 1 && heapModuleBuilt('outer-product-sum');
}

/** Multiply-adds a thread's share must hold to be worth waking a worker for. */
const MIN_SHARE_MACS = 1 << 21;

/**
 * A dense conv's filter gradient by assembly/outer-product-sum.ts: per filter tap, sums of outer
 * products of x's pixels (every sW-th) and dy's over the rows of dy that read inside x, read
 * where they lie in the backend's heap. XNNPACK needs the operands transposed and one of them (pixels x channels)
 * packed for this, a cost per element. On one thread this runs about as fast as the forward conv
 * (the wasm-kernels bench's dW column beside fwd) and clearly faster than the XNNPACK-based forms
 * it replaced.
 * With the backend's threads (heap-threads.ts) the output channels are split into chunks
 * (multiples of 8, the kernel's tile) that the threads take in turn: disjoint outputs, each summed in the same order as on one
 * thread, so the result is the same bits whatever the thread count.
 */
export function filterGradByOuterProducts(backend: WasmHeapBackend, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const heap = wasmHeapOf(backend);
  const { outChannels: co } = info;
  const out = backend.makeOutput([info.filterHeight, info.filterWidth, info.inChannels, co], 'float32');
  const geometry = [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, co,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left,
    heapOffset(backend, x), heapOffset(backend, dy), heapOffset(backend, out),
  ];
  const macsPerBlock = info.batchSize * info.outHeight * info.outWidth * info.filterHeight * info.filterWidth * info.inChannels * 8;
  const blocks = heapChunks(heap, co / 8, macsPerBlock, MIN_SHARE_MACS);
  // Per chunk, the kernel's list of dy rows for a tap: two u32 offsets per row.
  const rowListBytes = Math.ceil((info.batchSize * info.outHeight * 8) / 16) * 16;
  withScratch(heap, blocks.length * rowListBytes, (rows) => {
    const shares = blocks.map(([b0, b1], i) => [...geometry, b0 * 8, b1 * 8, rows + i * rowListBytes]);
    runHeapChunks(heap, 'outer-product-sum', 'convFilterGrad', shares);
  });
  return out;
}
