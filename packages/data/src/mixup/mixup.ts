/**
 * Mixup / CutMix with label smoothing, timm's Mixup in 'batch' mode: per batch, with
 * probability `prob`, either CutMix (probability switchProb) or Mixup is applied between the
 * batch and itself in reverse order; the targets are smoothed one-hots mixed by the same lam.
 * When nothing is applied (lam = 1) the targets are still smoothed, as in timm.
 * Published option values: mixup alpha 0.8, cutmix alpha 1.0, prob 0.1, switch 0.5,
 * smoothing 0.1. Apply it after the batch transforms (timm mixes normalised images; both
 * mixing and normalising are affine per pixel, so the order does not change the result).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@mambabench/random';
import { sampleBeta } from './beta.ts';
import { cutmixBox, type Box } from './cutmix-box.ts';
import { mixupTargets } from './targets.ts';

export interface MixupOptions {
  numClasses: number;
  seed: number;
  mixupAlpha?: number;
  cutmixAlpha?: number;
  prob?: number;
  switchProb?: number;
  labelSmoothing?: number;
  /** Recompute lam from the clipped CutMix box (timm's correct_lam, on by default in train.py). */
  correctLam?: boolean;
}

export interface MixupResult {
  /** A new tensor, also when nothing was mixed; the input is not disposed. */
  x: tf.Tensor4D;
  /** Soft targets [B, K] for softCrossEntropy. */
  targets: tf.Tensor2D;
  lam: number;
  mode: 'none' | 'mixup' | 'cutmix';
  box: Box | null;
}

export class Mixup {
  readonly numClasses: number;
  readonly mixupAlpha: number;
  readonly cutmixAlpha: number;
  readonly prob: number;
  readonly switchProb: number;
  readonly labelSmoothing: number;
  readonly correctLam: boolean;
  private readonly rng: Rng;

  constructor(o: MixupOptions) {
    this.numClasses = o.numClasses;
    this.mixupAlpha = o.mixupAlpha ?? 0.8;
    this.cutmixAlpha = o.cutmixAlpha ?? 1.0;
    this.prob = o.prob ?? 0.1;
    this.switchProb = o.switchProb ?? 0.5;
    this.labelSmoothing = o.labelSmoothing ?? 0.1;
    this.correctLam = o.correctLam ?? true;
    this.rng = new Rng(o.seed);
    if (!(this.mixupAlpha >= 0 && this.cutmixAlpha >= 0)) throw new Error('Mixup: alphas must be >= 0');
    if (this.mixupAlpha === 0 && this.cutmixAlpha === 0) throw new Error('Mixup: mixupAlpha or cutmixAlpha must be > 0');
    if (!(this.prob >= 0 && this.prob <= 1) || !(this.switchProb >= 0 && this.switchProb <= 1)) {
      throw new Error('Mixup: prob and switchProb must be in [0, 1]');
    }
  }

  /** The generator every draw comes from: a checkpoint keeps its state. */
  get randomStream(): Rng {
    return this.rng;
  }

  /** timm's _params_per_batch: the draw order (apply?, switch?, beta) is timm's. */
  private params(): { lam: number; cutmix: boolean } {
    if (!this.rng.chance(this.prob)) return { lam: 1, cutmix: false };
    let cutmix: boolean;
    if (this.mixupAlpha > 0 && this.cutmixAlpha > 0) cutmix = this.rng.chance(this.switchProb);
    else cutmix = this.cutmixAlpha > 0;
    const alpha = cutmix ? this.cutmixAlpha : this.mixupAlpha;
    return { lam: sampleBeta(this.rng, alpha, alpha), cutmix };
  }

  /**
   * `labels` are the batch's class indices on the host (an Int32Array or number[]; the loader
   * has them there): the targets are built from them without reading anything back from the
   * device, which on webgpu can only be done asynchronously and stalls the GPU.
   */
  apply(x: tf.Tensor4D, labels: ArrayLike<number>): MixupResult {
    const [b, h, w] = x.shape;
    if (b % 2 !== 0) throw new Error(`Mixup: batch size must be even (timm asserts it), got ${b}`);
    if ((labels as unknown) instanceof tf.Tensor) {
      throw new Error('Mixup.apply: pass the labels as host numbers (Int32Array or number[]), not a tensor; reading one back would stall the device');
    }
    const y = Array.from(labels);
    if (y.length !== b) throw new Error(`Mixup: ${y.length} labels for a batch of ${b}`);
    const p = this.params();
    let lam = p.lam;
    let box: Box | null = null;
    let mode: MixupResult['mode'] = 'none';
    let out: tf.Tensor4D;
    if (lam === 1) {
      out = tf.clone(x);
    } else if (p.cutmix) {
      const cut = cutmixBox(h, w, lam, this.rng, this.correctLam);
      box = cut.box;
      lam = cut.lam;
      mode = 'cutmix';
      const bx = box;
      out = tf.tidy(() => {
        const rows = tf.logicalAnd(tf.greaterEqual(tf.range(0, h), bx.yl), tf.less(tf.range(0, h), bx.yh)).reshape([1, h, 1, 1]);
        const cols = tf.logicalAnd(tf.greaterEqual(tf.range(0, w), bx.xl), tf.less(tf.range(0, w), bx.xh)).reshape([1, 1, w, 1]);
        return tf.where(tf.logicalAnd(rows, cols), reverseBatch(x), x) as tf.Tensor4D;
      });
    } else {
      mode = 'mixup';
      out = tf.tidy(() => tf.add(tf.mul(x, lam), tf.mul(reverseBatch(x), 1 - lam)) as tf.Tensor4D);
    }
    return { x: out, targets: mixupTargets(y, this.numClasses, lam, this.labelSmoothing), lam, mode, box };
  }
}

/**
 * x.flip(0). On cpu a gather, because tfjs-backend-cpu's Reverse kernel is much slower than its
 * GatherV2; elsewhere tf.reverse: on wasm the gather copies the whole batch out of the heap and
 * then gathers element by element, far slower than the reverse's row copies.
 */
function reverseBatch(x: tf.Tensor4D): tf.Tensor4D {
  if (tf.getBackend() !== 'cpu') return tf.reverse(x, 0);
  return tf.tidy(() => tf.gather(x, tf.range(x.shape[0] - 1, -1, -1, 'int32'), 0));
}
