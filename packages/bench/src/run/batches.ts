import { tf } from '@mambabench/core';
import { toBatchTensor, type Dataset, type ImageSplit } from '@mambabench/data';

/** Index chunks of size batchSize; train drops the last partial batch (drop_last=True). */
export function batchIndices(order: ArrayLike<number>, batchSize: number, dropLast: boolean, maxBatches: number | null): number[][] {
  const out: number[][] = [];
  for (let start = 0; start < order.length; start += batchSize) {
    const chunk = Array.from({ length: Math.min(batchSize, order.length - start) }, (_, i) => order[start + i]);
    if (dropLast && chunk.length < batchSize) break;
    out.push(chunk);
    if (maxBatches !== null && out.length >= maxBatches) break;
  }
  return out;
}

/** How many batches batchIndices gives an epoch of `count` training images (drop_last): a sweep plans its ETA with it before a run starts. */
export function stepsPerEpoch(count: number, batchSize: number, maxBatches: number | null): number {
  const full = Math.floor(count / batchSize);
  return maxBatches === null ? full : Math.min(full, maxBatches);
}

/** Lazily materialises evaluation batches in order (no shuffle), one tensor pair at a time. */
export function* evalBatches(
  split: ImageSplit, batchSize: number, maxBatches: number | null, normalization: Dataset['normalization'],
): Generator<{ x: tf.Tensor; y: tf.Tensor1D }> {
  const order = Array.from({ length: split.count }, (_, i) => i);
  for (const idx of batchIndices(order, batchSize, false, maxBatches)) {
    yield toBatchTensor(split, idx, normalization);
  }
}
