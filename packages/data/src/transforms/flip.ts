/**
 * RandomHorizontalFlip(p) / RandomVerticalFlip(p) on a batch: each image flips with
 * probability p, chosen per image. A flip is the integer map x -> w-1-x (or y -> h-1-y), so
 * it goes through the same per-image affine sampler as rotation, exactly, and can be composed
 * with a rotation into one resampling.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '@mambabench/random';
import { IDENTITY, affineBatch, type InverseMap } from './affine.ts';

export type FlipDirection = 'horizontal' | 'vertical';

export function flipMap(direction: FlipDirection, h: number, w: number): InverseMap {
  return direction === 'horizontal' ? [-1, 0, w - 1, 0, 1, 0] : [1, 0, 0, 0, -1, h - 1];
}

export function flipBatch(x: tf.Tensor4D, flags: ArrayLike<boolean>, direction: FlipDirection): tf.Tensor4D {
  const [b, h, w] = x.shape;
  if (flags.length !== b) throw new Error(`flipBatch: ${flags.length} flags for a batch of ${b}`);
  return affineBatch(x, Array.from(flags, (f) => (f ? flipMap(direction, h, w) : IDENTITY)));
}

export class RandomFlip {
  constructor(readonly direction: FlipDirection, readonly p: number, private readonly rng: Rng) {
    if (!(p >= 0 && p <= 1)) throw new Error(`RandomFlip: p must be in [0, 1], got ${p}`);
  }

  /** torch.rand(1) < p, one draw per image; the identity map for images left alone. */
  sampleMaps(b: number, h: number, w: number): InverseMap[] {
    return Array.from({ length: b }, () => (this.rng.chance(this.p) ? flipMap(this.direction, h, w) : IDENTITY));
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    const [b, h, w] = x.shape;
    return affineBatch(x, this.sampleMaps(b, h, w));
  }
}
