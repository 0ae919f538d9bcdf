import * as tf from '@tensorflow/tfjs-core';
import type { backend_util, TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmHeapBackend } from '../../wasm/tensor-io';
import { gatherRuns, scatterRuns, type Runs } from './heap-runs';

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
 * heap. (A pad / reshape / slice form copied x twice: with it the 1x1 stride-2 16x16x64->128
 * filter gradient took 2.3 ms, now 1.9 ms, against 1.2 ms for the forward conv.)
 */
export function sampleStridePixels(x: TensorInfo, info: backend_util.Conv2DInfo): tf.Tensor4D {
  const backend = tf.backend() as unknown as WasmHeapBackend;
  const out = backend.makeOutput([info.batchSize, info.outHeight, info.outWidth, info.inChannels], 'float32');
  // Views taken after makeOutput, which may grow (and so replace) the heap's buffer.
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  gatherRuns(new Uint8Array(src.buffer), strideRuns(info, src.byteOffset), dst.byteOffset);
  return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor4D;
}

/**
 * The inverse placement, for the input gradient of a 1x1 strided conv: g [N, outH, outW, C]
 * (C = the conv's input channels) at the pixels the conv reads of a zero [N, inH, inW, C] map.
 * (Two pads and a crop did this before: that input gradient took 2.4 ms, now 1.5 ms.)
 */
export function scatterStridePixels(g: TensorInfo, info: backend_util.Conv2DInfo): tf.Tensor4D {
  const backend = tf.backend() as unknown as WasmHeapBackend;
  const out = backend.makeOutput([info.batchSize, info.inHeight, info.inWidth, info.inChannels], 'float32');
  const src = backend.typedArrayFromHeap(g);
  const dst = backend.typedArrayFromHeap(out);
  dst.fill(0);
  scatterRuns(new Uint8Array(src.buffer), src.byteOffset, strideRuns(info, dst.byteOffset));
  return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor4D;
}
