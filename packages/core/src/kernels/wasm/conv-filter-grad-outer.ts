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
 * dy's image rows that every tap consumes before the kernel moves on: blocks of about half a
 * core's L2 (dy's rows with the x rows they read), and at least 1024 output pixels, so that
 * the filter gradient's per-block reload (each tap's tiles) stays small beside the block's
 * multiply-adds. Tap by tap over the whole of x and dy (the form before blocks) streamed both
 * from memory once per tap, well below the forward conv's speed on the 224-px nnMamba's layers
 * (the wasm-kernels bench's 224-px table).
 */
export function filterGradBlockRows(info: backend_util.Conv2DInfo): number {
  const rowBytes = 4 * (info.outWidth * info.outChannels + info.strideHeight * info.inWidth * info.inChannels);
  const rows = Math.max(Math.floor(BLOCK_BYTES / rowBytes), Math.ceil(MIN_BLOCK_PIXELS / info.outWidth), 1);
  return Math.min(rows, info.batchSize * info.outHeight);
}

const BLOCK_BYTES = 512 * 1024;
const MIN_BLOCK_PIXELS = 1024;

/**
 * A dense conv's filter gradient by assembly/outer-product-sum.ts: per block of dy's rows and per
 * filter tap, sums of outer products of x's pixels (every sW-th) and dy's over the rows of dy
 * that read inside x, read where they lie in the backend's heap. XNNPACK needs the operands
 * transposed and one of them (pixels x channels) packed for this, a cost per element. On one
 * thread this runs about as fast as the forward conv (the wasm-kernels bench's dW column beside
 * fwd) and clearly faster than the XNNPACK-based forms it replaced.
 * With the backend's threads (heap-threads.ts) the output channels are split into chunks
 * (multiples of 8, the kernel's tile) that the threads take in turn: disjoint outputs, each summed
 * in the same order as on one thread, so the result is the same bits whatever the thread count
 * (and whatever `blockRows`, which tests may set).
 */
export function filterGradByOuterProducts(
  backend: WasmHeapBackend, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo, blockRows = filterGradBlockRows(info),
): TensorInfo {
  if (!Number.isInteger(blockRows) || blockRows < 1) throw new Error(`filterGradByOuterProducts: blockRows must be a positive integer, got ${blockRows}`);
  const heap = wasmHeapOf(backend);
  const { outChannels: co } = info;
  const out = backend.makeOutput([info.filterHeight, info.filterWidth, info.inChannels, co], 'float32');
  const geometry = [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, co,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left,
    heapOffset(backend, x), heapOffset(backend, dy), heapOffset(backend, out),
  ];
  const macsPerChunk = info.batchSize * info.outHeight * info.outWidth * info.filterHeight * info.filterWidth * info.inChannels * 8;
  const chunks = heapChunks(heap, co / 8, macsPerChunk, MIN_SHARE_MACS);
  // Per chunk, the kernel's list of dy rows for a block and tap: two u32 offsets per row.
  const rowListBytes = Math.ceil((blockRows * 8) / 16) * 16;
  withScratch(heap, chunks.length * rowListBytes, (rows) => {
    const shares = chunks.map(([b0, b1], i) => [...geometry, b0 * 8, b1 * 8, blockRows, rows + i * rowListBytes]);
    runHeapChunks(heap, 'outer-product-sum', 'convFilterGrad', shares);
  });
  return out;
}
