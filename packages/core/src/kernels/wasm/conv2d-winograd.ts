import { backend_util, Conv2D, type Conv2DAttrs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { heapModuleBuilt, wasmHeapOf, withScratch } from '../../wasm/heap-module';
import { heapChunks, runHeapChunks } from '../../wasm/heap-threads';
import { heapOffset, type WasmHeapBackend } from '../../wasm/tensor-io';
import { gemmAt, type PerBatchBackend } from './per-batch-mat-mul';

/** Bytes of transformed input (or products) one group of images may take: bounds the scratch. */
const GROUP_BYTES = 32 << 20;
/** Transformed values a thread's share must write to be worth waking a worker for. */
const MIN_SHARE_VALUES = 1 << 18;

/**
 * What the transforms handle: 3x3, stride 1, undilated, float32 NHWC with channel counts that
 * are multiples of 4 (their vectors), at least 2x2 outputs, padding no wider than the filter.
 */
export function winogradFits(info: backend_util.Conv2DInfo, dtype: string): boolean {
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, padInfo } = info;
  return dtype === 'float32' && info.dataFormat === 'channelsLast' && filterHeight === 3 && filterWidth === 3 &&
    strideHeight === 1 && strideWidth === 1 && dilationHeight === 1 && dilationWidth === 1 &&
    info.inChannels % 4 === 0 && info.outChannels % 4 === 0 && info.outHeight >= 2 && info.outWidth >= 2 &&
    padInfo.top >= 0 && padInfo.left >= 0 && padInfo.top <= 2 && padInfo.left <= 2 && heapModuleBuilt('winograd');
}

/** Fewest channels in and out: the GEMMs' inner dimension is Cin, and transforms cost per channel. */
const MIN_CHANNELS = 64;
/** Fewest 2x2 output tiles, and tiles x Cin x Cout, below which XNNPACK's direct conv is faster. */
const MIN_TILES = 512;
const MIN_TILE_MACS = 1 << 23;

/**
 * Whether a conv that fits is big enough to repay the transforms and the 16 GEMM calls
 * (conv-winograd bench: from 64 channels and 512 tiles it ran faster than XNNPACK's direct conv;
 * with 16 or 32 channels, or 128 tiles, slower).
 */
export function winogradApplies(info: backend_util.Conv2DInfo, dtype: string): boolean {
  const tiles = info.batchSize * Math.ceil(info.outHeight / 2) * Math.ceil(info.outWidth / 2);
  return winogradFits(info, dtype) && info.inChannels >= MIN_CHANNELS && info.outChannels >= MIN_CHANNELS &&
    tiles >= MIN_TILES && tiles * info.inChannels * info.outChannels >= MIN_TILE_MACS;
}

/**
 * A 3x3 stride-1 conv as Winograd F(2x2, 3x3) (assembly/winograd.ts): each 2x2 block of outputs
 * takes 16 multiplies per channel pair instead of 36, as 16 GEMMs of [tiles, Cin] x [Cin, Cout]
 * on XNNPACK between transforms of the filter, the input patches and the products. Images go in
 * groups whose transformed tiles fit GROUP_BYTES, so the scratch stays small at 224 px; the
 * transforms share tiles (the filter's, input channels) among the backend's threads.
 * The float32 result differs from a direct conv's by rounding only (the transforms add and halve;
 * conv2d-winograd.test.ts bounds it against float64).
 */
export function conv2dWinograd(backend: WasmHeapBackend, x: TensorInfo, filter: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize, inHeight: H, inWidth: W, inChannels: cin, outChannels: cout, outHeight: OH, outWidth: OW, padInfo } = info;
  const heap = wasmHeapOf(backend);
  const tilesH = Math.ceil(OH / 2);
  const tilesW = Math.ceil(OW / 2);
  const perImage = tilesH * tilesW;
  const groupImages = Math.max(1, Math.min(batchSize, Math.floor(GROUP_BYTES / (16 * perImage * 4 * Math.max(cin, cout)))));
  const out = backend.makeOutput([batchSize, OH, OW, cout], 'float32');
  const uBytes = 16 * cin * cout * 4;
  const vBytes = 16 * groupImages * perImage * cin * 4;
  const mBytes = 16 * groupImages * perImage * cout * 4;
  withScratch(heap, uBytes + vBytes + mBytes, (base) => {
    const [U, V, M] = [base, base + uBytes, base + uBytes + vBytes];
    const [xAt, gAt, outAt] = [x, filter, out].map((t) => heapOffset(backend, t));
    runHeapChunks(heap, 'winograd', 'filterTransform',
      heapChunks(heap, cin, 16 * cout, MIN_SHARE_VALUES).map(([c0, c1]) => [gAt, cin, cout, c0, c1, U]));
    for (let first = 0; first < batchSize; first += groupImages) {
      const images = Math.min(groupImages, batchSize - first);
      const T = images * perImage;
      const xGroup = xAt + first * H * W * cin * 4;
      const outGroup = outAt + first * OH * OW * cout * 4;
      const ranges = heapChunks(heap, T, 16 * Math.max(cin, cout), MIN_SHARE_VALUES);
      runHeapChunks(heap, 'winograd', 'inputTransform',
        ranges.map(([t0, t1]) => [xGroup, H, W, cin, padInfo.top, padInfo.left, tilesH, tilesW, t0, t1, T, V]));
      for (let p = 0; p < 16; p++) {
        gemmAt(backend as unknown as PerBatchBackend, V + p * T * cin * 4, T, cin, U + p * cin * cout * 4, cout, M + p * T * cout * 4);
      }
      runHeapChunks(heap, 'winograd', 'outputTransform',
        ranges.map(([t0, t1]) => [M, OH, OW, cout, tilesH, tilesW, t0, t1, T, outGroup]));
    }
  });
  return out;
}

/**
 * Wraps the stock wasm Conv2D (XNNPACK's direct convolution): 3x3 stride-1 convs go to Winograd
 * F(2x2, 3x3), the rest to the stock kernel, whose setup hook (binding its wasm function) is kept.
 * Our conv input gradient runs its stride-1 phases as forward convs, so they take this path too.
 */
export function createConv2DConfig(original: KernelConfig): KernelConfig {
  const kernelFunc = (args: { inputs: { x: TensorInfo; filter: TensorInfo }; attrs: Conv2DAttrs; backend: unknown }) => {
    const { inputs: { x, filter }, attrs } = args;
    if (x.shape.length === 4 && filter.shape.length === 4 && (attrs.dataFormat ?? 'NHWC') === 'NHWC') {
      const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
        attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode);
      if (winogradApplies(info, x.dtype) && filter.dtype === 'float32') return conv2dWinograd(args.backend as WasmHeapBackend, x, filter, info);
    }
    return original.kernelFunc(args as unknown as Parameters<KernelFunc>[0]);
  };
  return { ...original, kernelName: Conv2D, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
