import { tf, Module, Sequential, Conv2d, BatchNorm2d, ReLU, Linear, globalAvgPool, dropPathRates } from '@mambabench/core';
import { MambaVisionLevel } from './level';
import { linearInit } from './mixer';

export interface MambaVisionConfig {
  imageSize: number;
  inChannels: number;
  numClasses: number;
  /** Stage-1 width; stage i has dim * 2^i. */
  dim: number;
  /** Stem width (conv 1 output). */
  inDim: number;
  depths: [number, number, number, number];
  numHeads: [number, number, number, number];
  /** Configured windows; each token stage uses min(window, its feature-map side). */
  windowSizes: [number, number, number, number];
  mlpRatio: number;
  dropPathRate: number;
}

/** Feature-map side of stage i (0-based): the stem and each downsample halve it, rounding up. */
export function stageSide(imageSize: number, stage: number): number {
  return Math.ceil(imageSize / 2 ** (stage + 2));
}

/**
 * MambaVision (NVlabs/MambaVision mamba_vision.py, mamba_vision_T) on NHWC: conv stem (two 3x3
 * stride-2 convs with BN eps 1e-4 and ReLU) -> conv stages 1-2 -> token stages 3-4 (first half
 * MambaVision mixers, second half attention, in windows) with downsamples after stages 1-3 ->
 * BatchNorm2d -> global average pool -> Linear.
 *
 * Window size: the reference fixes windows (8, 8, 14, 7) and zero-pads smaller maps up to them,
 * which at 64 px puts padding tokens into the SSM and attention (models.md §9 pitfall). Here each
 * token stage uses min(configured window, feature-map side at imageSize), so at 224 the windows
 * are the reference's 14 and 7, and at small inputs one window covers the map without padding.
 */
export class MambaVision extends Module {
  readonly patchEmbed: Sequential;
  readonly levels: MambaVisionLevel[];
  readonly norm: BatchNorm2d;
  readonly head: Linear;

  constructor(readonly config: MambaVisionConfig) {
    super();
    const { dim, inDim, depths } = config;
    this.patchEmbed = this.addModule('patch_embed', new PatchEmbed(config.inChannels, inDim, dim)).convDown;
    const rates = dropPathRates(config.dropPathRate, depths.reduce((a, b) => a + b, 0));
    this.levels = [];
    let start = 0;
    for (let i = 0; i < 4; i++) {
      this.levels.push(this.addModule(`levels.${i}`, new MambaVisionLevel({
        dim: dim * 2 ** i,
        depth: depths[i],
        numHeads: config.numHeads[i],
        windowSize: Math.min(config.windowSizes[i], stageSide(config.imageSize, i)),
        conv: i < 2,
        downsample: i < 3,
        mlpRatio: config.mlpRatio,
        dropPath: rates.slice(start, start + depths[i]),
      })));
      start += depths[i];
    }
    const features = dim * 8;
    this.norm = this.addModule('norm', new BatchNorm2d(features));
    this.head = this.addModule('head', new Linear(features, config.numClasses, linearInit));
  }

  forward(x: tf.Tensor): tf.Tensor {
    let h = this.patchEmbed.forward(x);
    for (const level of this.levels) h = level.forward(h);
    return this.head.forward(globalAvgPool(this.norm.forward(h)));
  }
}

/** PatchEmbed: conv_down = conv3x3 s2 (no bias) -> BN(1e-4) -> ReLU -> conv3x3 s2 (no bias) -> BN(1e-4) -> ReLU. */
class PatchEmbed extends Module {
  readonly convDown: Sequential;
  constructor(inChannels: number, inDim: number, dim: number) {
    super();
    this.convDown = this.addModule('conv_down', new Sequential(
      new Conv2d(inChannels, inDim, 3, { stride: 2, padding: 1, bias: false }),
      new BatchNorm2d(inDim, 1e-4),
      new ReLU(),
      new Conv2d(inDim, dim, 3, { stride: 2, padding: 1, bias: false }),
      new BatchNorm2d(dim, 1e-4),
      new ReLU(),
    ));
  }
  forward(x: tf.Tensor): tf.Tensor {
    return this.convDown.forward(x);
  }
}
