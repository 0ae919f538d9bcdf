/**
 * Turns stored uint8 images into a normalised float batch. Images stay uint8 in memory
 * (4x smaller) and are converted per batch; one Float32Array fill and one tf.tensor call per
 * batch keeps the conversion off the critical path.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset, ImageSplit } from './dataset.ts';

export interface Batch {
  /** [n, size, size, 3] float32, (pixel/255 - mean) / std per channel. */
  x: tf.Tensor4D;
  /** [n] int32 class indices. */
  y: tf.Tensor1D;
}

/** Side length of a split's square images, from its byte count. */
export function splitImageSize(split: ImageSplit): number {
  if (split.count === 0) throw new Error(`split '${split.name}' is empty`);
  const size = Math.round(Math.sqrt(split.images.length / (3 * split.count)));
  if (size * size * 3 * split.count !== split.images.length) {
    throw new Error(`split '${split.name}': ${split.images.length} bytes is not ${split.count} square RGB images`);
  }
  return size;
}

export function toBatchTensor(
  split: ImageSplit,
  indices: ArrayLike<number>,
  normalization: Dataset['normalization'],
): Batch {
  const size = splitImageSize(split);
  const pixels = size * size;
  // A 256-entry table per channel replaces a divide and two subtractions per value.
  const lut = new Float32Array(3 * 256);
  for (let c = 0; c < 3; c++) {
    for (let v = 0; v < 256; v++) lut[c * 256 + v] = (v / 255 - normalization.mean[c]) / normalization.std[c];
  }
  const n = indices.length;
  const x = new Float32Array(n * pixels * 3);
  const y = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const idx = indices[k];
    if (!Number.isInteger(idx) || idx < 0 || idx >= split.count) {
      throw new Error(`index ${idx} out of range for split '${split.name}' (${split.count} images)`);
    }
    y[k] = split.labels[idx];
    const src = idx * pixels * 3;
    const dst = k * pixels * 3;
    for (let p = 0; p < pixels * 3; p += 3) {
      x[dst + p] = lut[split.images[src + p]];
      x[dst + p + 1] = lut[256 + split.images[src + p + 1]];
      x[dst + p + 2] = lut[512 + split.images[src + p + 2]];
    }
  }
  return { x: tf.tensor4d(x, [n, size, size, 3], 'float32'), y: tf.tensor1d(y, 'int32') };
}
