import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';
import { heapModuleBuilt, instantiateOnHeap, wasmHeapOf, withScratch } from '../../wasm/heap-module';
import { heapOffset, type WasmHeapBackend as HeapBackend } from '../../wasm/tensor-io';

interface DepthwiseExports {
  filterGrad(...args: number[]): void;
  inputGrad(...args: number[]): void;
}

/** The SIMD kernels cover channel multiplier 1 with C % 4 == 0 (every Mamba conv1d and depthwise conv here). */
export function depthwiseSimdApplies(channels: number, multiplier: number): boolean {
  return multiplier === 1 && channels % 4 === 0 && heapModuleBuilt('depthwise-conv2d');
}

const kernelOn = (backend: HeapBackend) => {
  const heap = wasmHeapOf(backend);
  return { heap, kernel: instantiateOnHeap<DepthwiseExports>('depthwise-conv2d', heap) };
};

function geometry(info: backend_util.Conv2DInfo): number[] {
  return [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    info.padInfo.top, info.padInfo.left,
  ];
}

/**
 * Depthwise filter gradient by assembly/depthwise-conv2d.ts, reading x and dy where they lie in
 * the backend's heap (per tap it sums over the output pixels whose tap falls inside x, so no
 * padded copy); its float64 sums become the output tensor. The composed kernel (one XNNPACK
 * depthwise conv with dy as the filter) measured far below the forward conv's speed.
 * Earlier forms of this kernel lost most of their time copying: into the module's own memory
 * (most of the run), then a padded scratch copy on the heap; reading in place brought it close to
 * the forward conv (the wasm-kernels bench's depthwise table, dW beside fwd).
 */
export function depthwiseFilterGradSimd(backend: HeapBackend, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { heap, kernel } = kernelOn(backend);
  const taps = info.filterHeight * info.filterWidth * info.inChannels;
  const out = backend.makeOutput([info.filterHeight, info.filterWidth, info.inChannels, 1], 'float32');
  return withScratch(heap, taps * 8, (dw64) => {
    kernel.filterGrad(...geometry(info), heapOffset(backend, x), heapOffset(backend, dy), dw64);
    // View taken after the allocation, which may grow (and so replace) the heap's buffer.
    backend.typedArrayFromHeap(out).set(new Float64Array(heap.memory.buffer, dw64, taps));
    return out;
  });
}

/**
 * Depthwise input gradient (any stride, dilation, padding) by the same module's gather loop,
 * reading dy and the filter and writing dx where they lie in the backend's heap.
 */
export function depthwiseInputGradSimd(backend: HeapBackend, dy: TensorInfo, filter: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { heap, kernel } = kernelOn(backend);
  const out = backend.makeOutput([info.batchSize, info.inHeight, info.inWidth, info.inChannels], 'float32');
  // Ints: per column a count and FW (kw, ox) pairs, then FH (kh, oy) pairs for the current row.
  const scratch = info.inWidth * (1 + 2 * info.filterWidth) + 2 * info.filterHeight;
  return withScratch(heap, scratch * 4, (ints) => {
    kernel.inputGrad(...geometry(info), heapOffset(backend, dy), heapOffset(backend, filter), heapOffset(backend, out), ints);
    return out;
  });
}
