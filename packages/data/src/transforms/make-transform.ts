/**
 * The named transform sets of the published code, as batch functions on NHWC float tensors
 * in [0, 1] (from toFloatBatch). Resize is done once at load (loadImageFolder), ToTensor by
 * toFloatBatch; everything else runs here, per batch, with per-image random parameters.
 *
 * - 'published' (train.py): RandomRotation(10), GaussianBlur(5, sigma 0.1..3.0),
 *   ColorJitter(0.5, 0.5, 0.5), Normalize(published DR mean/std).
 * - 'dr_dataset' (dr_dataset.py): RandomHorizontalFlip(0.5), RandomVerticalFlip(0.5),
 *   RandomRotation(30), Normalize(ImageNet mean/std). The three geometric steps are composed
 *   into one inverse map per image and resampled once; only the rotation rounds (nearest), so
 *   this equals running them in turn except at exact half-pixel ties.
 * - 'none': Normalize only.
 * eval is Normalize only, with the same constants as train.
 *
 * Each random step owns a generator seeded from (seed, step), so the stream of one step
 * does not move when another step draws more numbers. Calls are deterministic given the seed
 * and the sequence of batch sizes seen. Neither function disposes its input.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng, hashSeed } from '@mambabench/random';
import { PUBLISHED_MEAN, PUBLISHED_STD } from '../dataset.ts';
import { RandomGaussianBlur } from './blur.ts';
import { ColorJitter } from './color-jitter.ts';
import { RandomFlip } from './flip.ts';
import { affineBatch, composeInverse } from './affine.ts';
import { IMAGENET_MEAN, IMAGENET_STD, normalizeBatch, type Triple } from './normalize.ts';
import { RandomRotation } from './rotate.ts';

export const TRANSFORM_NAMES = ['published', 'dr_dataset', 'none'] as const;
export type TransformName = (typeof TRANSFORM_NAMES)[number];
export type BatchTransform = (x: tf.Tensor4D) => tf.Tensor4D;

export interface TransformSet {
  name: TransformName;
  /** Augment + normalise a training batch. */
  train: BatchTransform;
  /** Normalise only (valid/test). */
  eval: BatchTransform;
  normalization: { mean: Triple; std: Triple };
  /** Human-readable steps of `train`, for logs and the report. */
  steps: string[];
  /** The generators `train` draws from, in a fixed order: a checkpoint keeps their states. */
  randomStreams: Rng[];
}

interface Step {
  /** The torchvision transforms this step implements, in order. */
  labels: string[];
  apply: BatchTransform;
}

export interface TransformOptions {
  normalization?: { mean: Triple; std: Triple };
  /**
   * Multiplies the published blur's sigma range. The published script blurs 224-px images; a run
   * at a smaller size should pass imageSize / 224 so the blur is the same relative to the image
   * (sigma 3 on a 64-px fundus would erase lesions that sigma 3 at 224 px keeps).
   */
  blurSigmaScale?: number;
}

export function makeTransform(name: TransformName, seed: number, options: TransformOptions = {}): TransformSet {
  const randomStreams: Rng[] = [];
  const rng = (step: number) => {
    const r = new Rng(hashSeed(seed, step, 0x7a5f));
    randomStreams.push(r);
    return r;
  };
  let random: Step[];
  let defaults: { mean: Triple; std: Triple };
  switch (name) {
    case 'published': {
      const rot = new RandomRotation(10, rng(1));
      const scale = options.blurSigmaScale ?? 1;
      if (!(scale > 0)) throw new Error(`blurSigmaScale must be > 0, got ${scale}`);
      const [sMin, sMax] = [0.1 * scale, 3.0 * scale];
      const blur = new RandomGaussianBlur(5, sMin, sMax, rng(2));
      const jitter = new ColorJitter(0.5, 0.5, 0.5, rng(3));
      random = [
        { labels: ['RandomRotation(10, nearest, fill 0)'], apply: (x) => rot.apply(x) },
        { labels: [`GaussianBlur(5, sigma ${scale === 1 ? '0.1..3.0' : `${+sMin.toFixed(3)}..${+sMax.toFixed(3)} = 0.1..3.0 x ${+scale.toFixed(3)}`}, reflect)`], apply: (x) => blur.apply(x) },
        { labels: ['ColorJitter(brightness 0.5, contrast 0.5, saturation 0.5, random order per image)'], apply: (x) => jitter.apply(x) },
      ];
      defaults = { mean: [...PUBLISHED_MEAN], std: [...PUBLISHED_STD] };
      break;
    }
    case 'dr_dataset': {
      const h = new RandomFlip('horizontal', 0.5, rng(1));
      const v = new RandomFlip('vertical', 0.5, rng(2));
      const rot = new RandomRotation(30, rng(3));
      const geometric: BatchTransform = (x) => {
        const [b, hh, ww] = x.shape;
        const [hm, vm, rm] = [h, v, rot].map((t) => t.sampleMaps(b, hh, ww));
        return affineBatch(x, hm.map((m, i) => composeInverse(composeInverse(m, vm[i]), rm[i])));
      };
      random = [{
        labels: ['RandomHorizontalFlip(0.5)', 'RandomVerticalFlip(0.5)', 'RandomRotation(30, nearest, fill 0)'],
        apply: geometric,
      }];
      defaults = { mean: [...IMAGENET_MEAN], std: [...IMAGENET_STD] };
      break;
    }
    case 'none':
      random = [];
      defaults = { mean: [...PUBLISHED_MEAN], std: [...PUBLISHED_STD] };
      break;
    default:
      throw new Error(`unknown transform set '${name as string}'; expected one of ${TRANSFORM_NAMES.join(', ')}`);
  }
  const normalization = options.normalization ?? defaults;
  const normalize: BatchTransform = (x) => normalizeBatch(x, normalization.mean, normalization.std);
  const fmt = (t: Triple) => t.map((v) => +v.toFixed(4)).join(', ');
  const steps = [...random.flatMap((s) => s.labels), `Normalize(mean [${fmt(normalization.mean)}], std [${fmt(normalization.std)}])`];
  const train: BatchTransform = (x) => {
    assertImageBatch(x);
    return tf.tidy(() => normalize(random.reduce((y, s) => s.apply(y), x)));
  };
  const evalTransform: BatchTransform = (x) => {
    assertImageBatch(x);
    return normalize(x);
  };
  return { name, train, eval: evalTransform, normalization, steps, randomStreams };
}

function assertImageBatch(x: tf.Tensor) {
  if (x.rank !== 4 || x.shape[3] !== 3) throw new Error(`transforms expect [B, H, W, 3] batches, got [${x.shape.join(', ')}]`);
}
