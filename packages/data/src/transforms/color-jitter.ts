/**
 * torchvision ColorJitter(brightness, contrast, saturation) on a batch, hue fixed at 0.
 *
 * Semantics (torchvision's functional tensor ops, each clamped to [0, 1] after it runs):
 * - brightness f: x * f                              (blend with black)
 * - contrast f:   f * x + (1 - f) * mean(gray(x))    (blend with the image's mean grey level)
 * - saturation f: f * x + (1 - f) * gray(x)          (blend with the image's grey version)
 * with gray = 0.2989 R + 0.587 G + 0.114 B. Factors are uniform in [max(0, 1 - s), 1 + s].
 *
 * Order: torchvision draws a random permutation per call, i.e. per image. We do the same, in
 * one batched pass: all three ops are blends f*x + (1-f)*ref, so at step k every image blends
 * with its own reference (0, its mean grey or its grey image, chosen by per-image 0/1 weights)
 * and its own factor. The grey image comes from one [N,3]x[3,3] matMul that writes the grey
 * level into all three channels, so every other op broadcasts only per image ([B,1,1,1]),
 * which the wasm backend does fast (per-channel broadcasts are much slower there).
 * The published pipeline runs on uint8 PIL images and rounds after each op; here values stay
 * float, a difference below 1/255 per op.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '@mambabench/random';

export const GRAY_WEIGHTS: [number, number, number] = [0.2989, 0.587, 0.114];
export type JitterOp = 'brightness' | 'contrast' | 'saturation';
const OPS: JitterOp[] = ['brightness', 'contrast', 'saturation'];

export interface JitterParams {
  /** Per-image factors. */
  brightness: ArrayLike<number>;
  contrast: ArrayLike<number>;
  saturation: ArrayLike<number>;
  /** Per-image order of the three ops. */
  order: JitterOp[][];
}

/** The grey level of every pixel, written into all three channels: [B,H,W,3]. */
export function grayscale3(x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const g = tf.tensor2d(GRAY_WEIGHTS.map((w) => [w, w, w]), [3, 3]);
    return tf.matMul(x.reshape([-1, 3]), g).reshape(x.shape) as tf.Tensor4D;
  });
}

export function colorJitterBatch(x: tf.Tensor4D, p: JitterParams): tf.Tensor4D {
  const b = x.shape[0];
  for (const op of OPS) if (p[op].length !== b) throw new Error(`colorJitterBatch: ${p[op].length} ${op} factors for a batch of ${b}`);
  if (p.order.length !== b) throw new Error(`colorJitterBatch: ${p.order.length} orders for a batch of ${b}`);
  const perImage = (values: number[]) => tf.tensor4d(values, [b, 1, 1, 1]);
  return tf.tidy(() => {
    let y: tf.Tensor4D = x;
    for (let step = 0; step < 3; step++) {
      const ops = p.order.map((o) => o[step]);
      const f = ops.map((op, i) => p[op][i]);
      // y' = f*y + (1-f)*ref, ref = 0 | mean grey | grey image.
      let mixed = tf.mul(y, perImage(f));
      if (ops.some((op) => op !== 'brightness')) {
        const gray = grayscale3(y);
        const toGray = perImage(ops.map((op, i) => (op === 'saturation' ? 1 - f[i] : 0)));
        const toMean = perImage(ops.map((op, i) => (op === 'contrast' ? 1 - f[i] : 0)));
        mixed = tf.add(tf.add(mixed, tf.mul(gray, toGray)), tf.mul(tf.mean(gray, [1, 2, 3], true), toMean));
      }
      y = tf.clipByValue(mixed, 0, 1) as tf.Tensor4D;
    }
    return y;
  });
}

/** torchvision ColorJitter(brightness, contrast, saturation), hue 0. */
export class ColorJitter {
  constructor(readonly brightness: number, readonly contrast: number, readonly saturation: number, private readonly rng: Rng) {
    for (const [name, v] of [['brightness', brightness], ['contrast', contrast], ['saturation', saturation]] as const) {
      if (!(v >= 0)) throw new Error(`ColorJitter: ${name} must be >= 0, got ${v}`);
    }
  }

  /** Draws per-image parameters the way torchvision's get_params does (order, then factors). */
  sample(batch: number): JitterParams {
    const p: JitterParams = { brightness: [], contrast: [], saturation: [], order: [] };
    const draw = (s: number) => (s === 0 ? 1 : this.rng.uniform(Math.max(0, 1 - s), 1 + s));
    for (let i = 0; i < batch; i++) {
      const perm = this.rng.permutation(3);
      p.order.push(Array.from(perm, (k) => OPS[k]));
      (p.brightness as number[]).push(draw(this.brightness));
      (p.contrast as number[]).push(draw(this.contrast));
      (p.saturation as number[]).push(draw(this.saturation));
    }
    return p;
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    return colorJitterBatch(x, this.sample(x.shape[0]));
  }
}
