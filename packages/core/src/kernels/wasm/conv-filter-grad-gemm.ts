import type { backend_util, TensorInfo } from '@tensorflow/tfjs-core';
import { instantiateOnHeap, wasmHeapOf, withScratch } from '../../wasm/heap-module';
import { heapOffset, type WasmHeapBackend } from '../../wasm/tensor-io';
import { scatterRuns } from './heap-runs';
import { gemmByIds, withViews, type PerBatchBackend } from './per-batch-mat-mul';
import type { TransposeExports } from './transpose';

type Backend = WasmHeapBackend & PerBatchBackend;

/** Where tap k of a strided, dilated axis reads, in phase terms: x index (o + q) * s + r for output o. */
interface AxisTaps {
  /** Phase (k * dilation mod stride) and phase offset (floor(k * dilation / stride)) per tap. */
  phase: number[];
  offset: number[];
  /** Phase length: outputs + the largest offset. */
  length: number;
}

function axisTaps(filter: number, dilation: number, stride: number, out: number): AxisTaps {
  const phase = Array.from({ length: filter }, (_, k) => (k * dilation) % stride);
  const offset = Array.from({ length: filter }, (_, k) => Math.floor((k * dilation) / stride));
  return { phase, offset, length: out + Math.max(...offset) };
}

/** Phase grid size over the output grid: the share of each tap GEMM spent on padding. */
export function tapGemmOverhead(info: backend_util.Conv2DInfo): number {
  const rows = axisTaps(info.filterHeight, info.dilationHeight, info.strideHeight, info.outHeight).length;
  const cols = axisTaps(info.filterWidth, info.dilationWidth, info.strideWidth, info.outWidth).length;
  return (rows * cols) / (info.outHeight * info.outWidth);
}

/**
 * dW[kh, kw, ci, co] = sum over (n, y, x) of xPad[n, y*sH + kh*dH, x*sW + kw*dW, ci] * dy[n, y, x, co]
 * as one XNNPACK GEMM per tap, [ci, K] x [K, co], with no im2col copy. x is laid out once,
 * channel-major and split into stride phases: P[ry, rx][ci][n, Y, X] = xPad[n, Y*sH + ry, X*sW + rx]
 * over a Hq x Wq grid per image (zeros outside x), so that tap (kh, kw) reads phase
 * (kh*dH mod sH, kw*dW mod sW) shifted by (qh, qw) = (kh*dH div sH, kw*dW div sW), i.e. at flat
 * offset qh*Wq + qw. With K = N*Hq*Wq and dy zero-padded to the same grid, the tap's left operand
 * is the phase itself viewed from that offset as a [ci, K] matrix: each row runs `offset`
 * elements into the next channel's row (or a zero tail), where dy's padding is zero. XNNPACK
 * packs dy once for all taps (one view). Against the conv formulation (conv2d-backprop-filter.ts)
 * it won on batch-32 3x3 convs over 32x32 (stride 1 and 2) and 16x16 maps, though still slower
 * than the forward conv. The grid's padding is multiplied through, so small maps lose:
 * 8x8x128->128 (10 x 10 grid for 8 x 8 outputs) ran slower than the conv formulation.
 */
export function filterGradByTapGemms(backend: Backend, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outChannels: co, outHeight: oH, outWidth: oW } = info;
  const { strideHeight: sH, strideWidth: sW, filterHeight: fH, filterWidth: fW } = info;
  const rowsTaps = axisTaps(fH, info.dilationHeight, sH, oH);
  const colsTaps = axisTaps(fW, info.dilationWidth, sW, oW);
  const hq = rowsTaps.length;
  const wq = colsTaps.length;
  const k = n * hq * wq;
  const tail = Math.max(...rowsTaps.offset) * wq + Math.max(...colsTaps.offset);
  const phaseIndex = (ry: number, rx: number) => ry * sW + rx;
  const phaseFloats = ci * k;
  const phasesFloats = sH * sW * phaseFloats + tail;
  const dyFloats = k * co;
  const heap = wasmHeapOf(backend);
  const { transposeBlocks } = instantiateOnHeap<TransposeExports>('transpose', heap);
  const out = backend.makeOutput([fH, fW, ci, co], 'float32');
  return withScratch(heap, (phasesFloats + dyFloats) * 4, (phases) => {
    const dyPad = phases + phasesFloats * 4;
    // Views taken after the allocations, which may grow (and so replace) the heap's buffer.
    new Float32Array(heap.memory.buffer, phases, phasesFloats + dyFloats).fill(0);
    const xAt = heapOffset(backend, x);
    const { top, left } = info.padInfo;
    for (let ry = 0; ry < sH; ry++) {
      // Phase rows Y read x row Y*sH + ry - top: those inside x.
      const y0 = Math.max(0, Math.ceil((top - ry) / sH));
      const y1 = Math.min(hq, Math.floor((h - 1 + top - ry) / sH) + 1);
      for (let rx = 0; rx < sW; rx++) {
        const x0 = Math.max(0, Math.ceil((left - rx) / sW));
        const x1 = Math.min(wq, Math.floor((w - 1 + left - rx) / sW) + 1);
        if (y1 <= y0 || x1 <= x0) continue;
        const phase = phases + phaseIndex(ry, rx) * phaseFloats * 4;
        for (let b = 0; b < n; b++) {
          const from = xAt + ((b * h + y0 * sH + ry - top) * w + x0 * sW + rx - left) * ci * 4;
          const to = phase + ((b * hq + y0) * wq + x0) * 4;
          // Rows of [x1 - x0 pixels, ci] blocks, sW pixels apart in x, into channel rows of length k.
          transposeBlocks(from, to, y1 - y0, sH * w * ci * 4, wq * 4, x1 - x0, ci, sW * ci, k);
        }
      }
    }
    const dyAt = heapOffset(backend, dy);
    scatterRuns(heap, dyAt, { strides: [hq * wq * co * 4, wq * co * 4], sizes: [n, oH], first: dyPad, runBytes: oW * co * 4 });
    const outAt = heapOffset(backend, out);
    // One view of dy for all taps: XNNPACK packs it once.
    withViews(backend, [{ at: dyPad, shape: [1, k, co] }], ([dyId]) => {
      for (let kh = 0; kh < fH; kh++) {
        for (let kw = 0; kw < fW; kw++) {
          const phase = phases + phaseIndex(rowsTaps.phase[kh], colsTaps.phase[kw]) * phaseFloats * 4;
          const a = phase + (rowsTaps.offset[kh] * wq + colsTaps.offset[kw]) * 4;
          const views = [{ at: a, shape: [1, ci, k] }, { at: outAt + (kh * fW + kw) * ci * co * 4, shape: [1, ci, co] }];
          withViews(backend, views, ([aId, outId]) => gemmByIds(backend, aId, ci, k, dyId, co, outId));
        }
      }
    });
    return out;
  });
}
