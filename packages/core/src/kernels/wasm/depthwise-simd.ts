import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';
import { heapModuleBuilt, wasmHeapOf, withScratch } from '../../wasm/heap-module';
import { heapChunks, runHeapChunks } from '../../wasm/heap-threads';
import { heapOffset, type WasmHeapBackend as HeapBackend } from '../../wasm/tensor-io';

/** The SIMD kernels cover channel multiplier 1 with C % 4 == 0 (every Mamba conv1d and depthwise conv here). */
export function depthwiseSimdApplies(channels: number, multiplier: number): boolean {
  return multiplier === 1 && channels % 4 === 0 && heapModuleBuilt('depthwise-conv2d');
}

/** The kernels' geometry arguments for `images` of the batch. */
function geometry(info: backend_util.Conv2DInfo, images = info.batchSize): number[] {
  return [
    images, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    info.padInfo.top, info.padInfo.left,
  ];
}

/** Multiply-adds a thread's share must hold to be worth waking a worker for. */
const MIN_SHARE_MACS = 1 << 20;

/**
 * Depthwise filter gradient by assembly/depthwise-conv2d.ts, reading x and dy where they lie in
 * the backend's heap (per tap it sums over the output pixels whose tap falls inside x, so no
 * padded copy); its float64 sums become the output tensor. The composed kernel (one XNNPACK
 * depthwise conv with dy as the filter) measured far below the forward conv's speed.
 * Earlier forms of this kernel lost most of their time copying: into the module's own memory
 * (most of the run), then a padded scratch copy on the heap; reading in place brought it close to
 * the forward conv (the wasm-kernels bench's depthwise table, dW beside fwd).
 * With the backend's threads the channels are split into chunks (of 16 where C allows, a cache
 * line of each pixel, else 4) that the threads take in turn: disjoint sums, each in the same order as on one thread,
 * so the result is the same bits whatever the thread count.
 */
export function depthwiseFilterGradSimd(backend: HeapBackend, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const heap = wasmHeapOf(backend);
  const channels = info.inChannels;
  const taps = info.filterHeight * info.filterWidth * channels;
  const out = backend.makeOutput([info.filterHeight, info.filterWidth, channels, 1], 'float32');
  const [xAt, dyAt] = [heapOffset(backend, x), heapOffset(backend, dy)];
  const unit = channels % 16 === 0 ? 16 : 4;
  const macsPerBlock = info.batchSize * info.outHeight * info.outWidth * info.filterHeight * info.filterWidth * unit;
  const blocks = heapChunks(heap, channels / unit, macsPerBlock, MIN_SHARE_MACS);
  return withScratch(heap, taps * 8, (dw64) => {
    const shares = blocks.map(([b0, b1]) => [...geometry(info), xAt, dyAt, dw64, b0 * unit, b1 * unit]);
    runHeapChunks(heap, 'depthwise-conv2d', 'filterGrad', shares);
    // View taken after the allocation, which may grow (and so replace) the heap's buffer.
    backend.typedArrayFromHeap(out).set(new Float64Array(heap.memory.buffer, dw64, taps));
    return out;
  });
}

/**
 * Depthwise input gradient (any stride, dilation, padding) by the same module's gather loop,
 * reading dy and the filter and writing dx where they lie in the backend's heap. With the
 * backend's threads the batch is split into chunks of images (disjoint: the same values as on
 * one thread).
 */
export function depthwiseInputGradSimd(backend: HeapBackend, dy: TensorInfo, filter: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const heap = wasmHeapOf(backend);
  const out = backend.makeOutput([info.batchSize, info.inHeight, info.inWidth, info.inChannels], 'float32');
  const [dyAt, filterAt, outAt] = [heapOffset(backend, dy), heapOffset(backend, filter), heapOffset(backend, out)];
  const macsPerImage = info.outHeight * info.outWidth * info.filterHeight * info.filterWidth * info.inChannels;
  const ranges = heapChunks(heap, info.batchSize, macsPerImage, MIN_SHARE_MACS);
  const xImage = info.inHeight * info.inWidth * info.inChannels * 4;
  const dyImage = info.outHeight * info.outWidth * info.inChannels * 4;
  // Ints per chunk: per column a count and FW (kw, ox) pairs, then FH (kh, oy) pairs for the current row.
  const ints = info.inWidth * (1 + 2 * info.filterWidth) + 2 * info.filterHeight;
  const scratchBytes = Math.ceil(ints / 4) * 16;
  return withScratch(heap, ranges.length * scratchBytes, (scratch) => {
    const shares = ranges.map(([n0, n1], i) =>
      [...geometry(info, n1 - n0), dyAt + n0 * dyImage, filterAt, outAt + n0 * xImage, scratch + i * scratchBytes]);
    runHeapChunks(heap, 'depthwise-conv2d', 'inputGrad', shares);
    return out;
  });
}
