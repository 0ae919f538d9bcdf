import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';
import { heapModuleBuilt, instantiateOnHeap, wasmHeapOf, withScratch } from '../../wasm/heap-module';
import type { WasmHeapBackend as HeapBackend } from '../../wasm/tensor-io';

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
const offset = (backend: HeapBackend, t: TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;

function geometry(info: backend_util.Conv2DInfo): number[] {
  return [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    info.padInfo.top, info.padInfo.left,
  ];
}

/**
 * Depthwise filter gradient by assembly/depthwise-conv2d.ts, which reads dy where it lies in the
 * backend's heap and x from a scratch copy padded (and cropped) to exactly the rows and columns
 * the taps read, so that its loops need no bounds tests; its float64 sums become the output
 * tensor. The composed kernel (one XNNPACK depthwise conv with dy as the filter) measured
 * 0.3-0.8 GFLOP/s against 5-9 for the forward conv.
 */
export function depthwiseFilterGradSimd(backend: HeapBackend, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { heap, kernel } = kernelOn(backend);
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oH, outWidth: oW, filterHeight: fH, filterWidth: fW } = info;
  const hP = (oH - 1) * info.strideHeight + (fH - 1) * info.dilationHeight + 1;
  const wP = (oW - 1) * info.strideWidth + (fW - 1) * info.dilationWidth + 1;
  const taps = fH * fW * c;
  const xpBytes = Math.ceil((n * hP * wP * c * 4) / 8) * 8;
  const out = backend.makeOutput([fH, fW, c, 1], 'float32');
  return withScratch(heap, xpBytes + taps * 8, (xp) => {
    const dw64 = xp + xpBytes;
    // Views taken after the allocations, which may grow (and so replace) the heap's buffer.
    copyPadded(backend.typedArrayFromHeap(x), new Float32Array(heap.memory.buffer, xp, n * hP * wP * c), [n, h, w, c], hP, wP, info.padInfo.top, info.padInfo.left);
    kernel.filterGrad(n, hP, wP, c, oH, oW, fH, fW, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth, xp, offset(backend, dy), dw64);
    backend.typedArrayFromHeap(out).set(new Float64Array(heap.memory.buffer, dw64, taps));
    return out;
  });
}

/**
 * xp[n, r, q] = x[n, r - top, q - left] where that is inside x, else 0; rows of C channels move
 * with one set() each and only the margins are zeroed (a full fill first cost a third of the copy).
 */
function copyPadded(x: Float32Array, xp: Float32Array, [n, h, w, c]: number[], hP: number, wP: number, top: number, left: number): void {
  const colFrom = Math.max(0, -left);
  const colTo = Math.max(colFrom, Math.min(w, wP - left));
  const rowFrom = Math.max(0, top);
  const rowTo = Math.max(rowFrom, Math.min(hP, h + top));
  const rowLength = wP * c;
  const before = (colFrom + left) * c; // zeros before the copied columns of a row
  const copied = (colTo - colFrom) * c;
  for (let b = 0; b < n; b++) {
    const image = b * hP * rowLength;
    xp.fill(0, image, image + rowFrom * rowLength);
    xp.fill(0, image + rowTo * rowLength, image + hP * rowLength);
    for (let r = rowFrom; r < rowTo; r++) {
      const row = image + r * rowLength;
      const from = ((b * h + r - top) * w + colFrom) * c;
      xp.fill(0, row, row + before);
      xp.set(x.subarray(from, from + copied), row + before);
      xp.fill(0, row + before + copied, row + rowLength);
    }
  }
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
    kernel.inputGrad(...geometry(info), offset(backend, dy), offset(backend, filter), offset(backend, out), ints);
    return out;
  });
}
