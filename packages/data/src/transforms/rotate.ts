/**
 * RandomRotation on a batch, as torchvision's: each image is rotated counter-clockwise by its
 * own angle, uniform in [-degrees, degrees], about its centre ((w-1)/2, (h-1)/2 in pixel
 * indices), same output size (expand=False), uncovered corners filled with 0.
 * Interpolation defaults to NEAREST, torchvision's default and what both published transform
 * sets use.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '@mambabench/random';
import { affineBatch, type Interpolation, type InverseMap } from './affine.ts';

export type { Interpolation, InverseMap } from './affine.ts';

/** Inverse map of a counter-clockwise turn (y points down): input = centre + R(angle) (p - centre). */
export function rotationMap(angleDeg: number, h: number, w: number): InverseMap {
  const a = (angleDeg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  return [cos, -sin, cx - cos * cx + sin * cy, sin, cos, cy - sin * cx - cos * cy];
}

export function rotateBatch(x: tf.Tensor4D, anglesDeg: ArrayLike<number>, interpolation: Interpolation = 'nearest', fill = 0): tf.Tensor4D {
  const [, h, w] = x.shape;
  return affineBatch(x, Array.from(anglesDeg, (a) => rotationMap(a, h, w)), interpolation, fill);
}

/** torchvision RandomRotation(degrees): per-image angle uniform in [-degrees, degrees]. */
export class RandomRotation {
  constructor(readonly degrees: number, private readonly rng: Rng, readonly interpolation: Interpolation = 'nearest', readonly fill = 0) {
    if (!(degrees >= 0)) throw new Error(`RandomRotation: degrees must be >= 0, got ${degrees}`);
  }

  /** One inverse map per image (the random draw), for composing with other geometric steps. */
  sampleMaps(b: number, h: number, w: number): InverseMap[] {
    return Array.from({ length: b }, () => rotationMap(this.rng.uniform(-this.degrees, this.degrees), h, w));
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    const [b, h, w] = x.shape;
    return affineBatch(x, this.sampleMaps(b, h, w), this.interpolation, this.fill);
  }
}
