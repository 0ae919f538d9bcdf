import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';
import { Arena, ascModuleBuilt, instantiateAscModule } from '../../wasm/asc-module';
import type { WasmHeapBackend as HeapBackend } from '../../wasm/tensor-io';

interface DepthwiseExports {
  memory: WebAssembly.Memory;
  filterGrad(...args: number[]): void;
  inputGrad(...args: number[]): void;
}

let kernel: DepthwiseExports | null = null;

/** The SIMD kernels cover channel multiplier 1 with C % 4 == 0 (every Mamba conv1d and depthwise conv here). */
export function depthwiseSimdApplies(channels: number, multiplier: number): boolean {
  return multiplier === 1 && channels % 4 === 0 && ascModuleBuilt('depthwise-conv2d');
}

function geometry(info: backend_util.Conv2DInfo): number[] {
  return [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    info.padInfo.top, info.padInfo.left,
  ];
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Depthwise filter gradient by assembly/depthwise-conv2d.ts: x is copied from the wasm backend's
 * heap into the module already padded (and cropped) to exactly the rows and columns the taps
 * read, so the kernel's loops need no bounds tests; the result is written straight into a new
 * heap tensor. The composed kernel (one XNNPACK depthwise conv with dy as the filter) measured
 * 0.3-0.8 GFLOP/s against 5-9 for the forward conv.
 */
export function depthwiseFilterGradSimd(backend: HeapBackend, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  kernel ??= instantiateAscModule<DepthwiseExports>('depthwise-conv2d');
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oH, outWidth: oW, filterHeight: fH, filterWidth: fW } = info;
  const hP = (oH - 1) * info.strideHeight + (fH - 1) * info.dilationHeight + 1;
  const wP = (oW - 1) * info.strideWidth + (fW - 1) * info.dilationWidth + 1;
  const taps = fH * fW * c;
  const a = new Arena(kernel.memory).alloc('xp', n * hP * wP * c).alloc('dy', size(dy.shape)).alloc('dw', taps, 8).commit();
  copyPadded(backend.typedArrayFromHeap(x), a.f32('xp', n * hP * wP * c), [n, h, w, c], hP, wP, info.padInfo.top, info.padInfo.left);
  a.f32('dy', size(dy.shape)).set(backend.typedArrayFromHeap(dy));
  kernel.filterGrad(n, hP, wP, c, oH, oW, fH, fW, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth, a.ptr('xp'), a.ptr('dy'), a.ptr('dw'));
  const out = backend.makeOutput([fH, fW, c, 1], 'float32');
  backend.typedArrayFromHeap(out).set(a.f64('dw', taps));
  return out;
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

/** Depthwise input gradient (any stride, dilation, padding) by the same module's gather loop. */
export function depthwiseInputGradSimd(backend: HeapBackend, dy: TensorInfo, filter: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  kernel ??= instantiateAscModule<DepthwiseExports>('depthwise-conv2d');
  const dxSize = info.batchSize * info.inHeight * info.inWidth * info.inChannels;
  // Ints: per column a count and FW (kw, ox) pairs, then FH (kh, oy) pairs for the current row.
  const scratch = info.inWidth * (1 + 2 * info.filterWidth) + 2 * info.filterHeight;
  const a = new Arena(kernel.memory).alloc('dy', size(dy.shape)).alloc('w', size(filter.shape)).alloc('dx', dxSize).alloc('scratch', scratch).commit();
  a.f32('dy', size(dy.shape)).set(backend.typedArrayFromHeap(dy));
  a.f32('w', size(filter.shape)).set(backend.typedArrayFromHeap(filter));
  kernel.inputGrad(...geometry(info), a.ptr('dy'), a.ptr('w'), a.ptr('dx'), a.ptr('scratch'));
  const out = backend.makeOutput([info.batchSize, info.inHeight, info.inWidth, info.inChannels], 'float32');
  backend.typedArrayFromHeap(out).set(a.f32('dx', dxSize));
  return out;
}
