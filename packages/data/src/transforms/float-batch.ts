/**
 * A batch of stored uint8 images as float [B, H, W, 3] in [0, 1] (torchvision's ToTensor,
 * in NHWC), the input the augmentation transforms expect. It reuses toBatchTensor with
 * mean 0 / std 1, so the conversion is exactly v / 255.
 */
import { toBatchTensor, type Batch } from '../batch.ts';
import type { ImageSplit } from '../dataset.ts';

const UNIT = { mean: [0, 0, 0] as [number, number, number], std: [1, 1, 1] as [number, number, number] };

export function toFloatBatch(split: ImageSplit, indices: ArrayLike<number>): Batch {
  return toBatchTensor(split, indices, UNIT);
}
