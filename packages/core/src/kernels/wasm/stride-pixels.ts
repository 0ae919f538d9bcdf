import * as tf from '@tensorflow/tfjs-core';
import type { backend_util, TensorInfo } from '@tensorflow/tfjs-core';
import { heapOffset, type WasmHeapBackend } from '../../wasm/tensor-io';
import { heapModuleBuilt, instantiateOnHeap, wasmHeapOf } from '../../wasm/heap-module';
import { gatherRuns, scatterRuns, type Runs } from './heap-runs';
import type { TransposeExports } from './transpose';

/**
 * The pixels of a [N, inH, inW, C] float32 map that a 1x1 strided conv reads: (y * sH, x * sW)
 * for its output pixel (y, x), each a run of C floats in the heap.
 */
function strideRuns(info: backend_util.Conv2DInfo, first: number): Runs {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight, outWidth, strideHeight: sH, strideWidth: sW } = info;
  const pixel = c * 4;
  return { strides: [h * w * pixel, sH * w * pixel, sW * pixel], sizes: [n, outHeight, outWidth], first, runBytes: pixel };
}

/**
 * x at the pixels a 1x1 strided conv reads, [N, outH, outW, C], copied run by run inside the
 * heap. (A pad / reshape / slice form copied x twice and made the 1x1 stride-2 filter gradient
 * clearly slower, measured on 16x16x64->128.)
 */
export function sampleStridePixels(x: TensorInfo, info: backend_util.Conv2DInfo): tf.Tensor4D {
  const backend = tf.backend() as unknown as WasmHeapBackend;
  const out = backend.makeOutput([info.batchSize, info.outHeight, info.outWidth, info.inChannels], 'float32');
  // Views taken after makeOutput, which may grow (and so replace) the heap's buffer.
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  gatherRuns(wasmHeapOf(backend), strideRuns(info, src.byteOffset), dst.byteOffset);
  return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor4D;
}

/**
 * The inverse placement, for the input gradient of a 1x1 strided conv: g [N, outH, outW, C]
 * (C = the conv's input channels) at the pixels the conv reads of a zero [N, inH, inW, C] map.
 * (Two pads and a crop did this before, more slowly; the wasm-kernels bench's 1x1 stride-2 row
 * times that input gradient.)
 */
export function scatterStridePixels(g: TensorInfo, info: backend_util.Conv2DInfo): tf.Tensor4D {
  const backend = tf.backend() as unknown as WasmHeapBackend;
  const out = backend.makeOutput([info.batchSize, info.inHeight, info.inWidth, info.inChannels], 'float32');
  const src = backend.typedArrayFromHeap(g);
  const dst = backend.typedArrayFromHeap(out);
  dst.fill(0);
  scatterRuns(wasmHeapOf(backend), src.byteOffset, strideRuns(info, dst.byteOffset));
  return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor4D;
}

/**
 * The same pixels as sampleStridePixels, transposed to [C, N * outH * outW] in the same pass (a
 * 1x1 conv's filter gradient is their product with dy; XNNPACK wants the contraction axis
 * innermost): per image, the SIMD transpose kernel moves each output row's [outW, C] block
 * (source rows sW pixels apart) with one call over the outH rows: one pass, faster than the
 * sample and a separate transpose, which made the 1x1 stride-2 filter gradient clearly slower
 * (measured on 32 x 16x16x64).
 */
export function sampleStridePixelsTransposed(x: TensorInfo, info: backend_util.Conv2DInfo): tf.Tensor2D {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oH, outWidth: oW, strideHeight: sH, strideWidth: sW } = info;
  const rows = n * oH * oW;
  if (!heapModuleBuilt('transpose')) return tf.tidy(() => tf.transpose(tf.reshape(sampleStridePixels(x, info), [rows, c])));
  const backend = tf.backend() as unknown as WasmHeapBackend;
  const kernel = instantiateOnHeap<TransposeExports>('transpose', wasmHeapOf(backend));
  const out = backend.makeOutput([c, rows], 'float32');
  const from = heapOffset(backend, x);
  const to = heapOffset(backend, out);
  for (let b = 0; b < n; b++) {
    // Block (b, y): out[ch, (b * oH + y) * oW + q] = x[b, y * sH, q * sW, ch].
    kernel.transposeBlocks(from + b * h * w * c * 4, to + b * oH * oW * 4, oH, sH * w * c * 4, oW * 4, oW, c, sW * c, rows);
  }
  return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor2D;
}
