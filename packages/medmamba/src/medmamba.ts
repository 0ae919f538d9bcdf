import { tf, Module, Conv2d, LayerNorm, Linear, PatchMerging, globalAvgPool, dropPathRates, truncNormalInit, constantInit, Stage } from '@mambabench/core';
import { SsConvSsm } from './ss-conv-ssm';
import { kaimingNormalFanOutInit } from './kaiming';

export interface MedMambaConfig {
  dims: number[];
  depths: number[];
  numClasses: number;
  inChannels: number;
  /** d_state of every SS2D (16). */
  dState?: number;
  /** VSSM's default drop_path_rate 0.1 (train.py keeps it), linear over all blocks. */
  dropPathRate?: number;
  patchSize?: number;
}

/** PatchEmbed2D: conv4x4 stride 4 (bias) -> LN; names proj, norm. */
class PatchEmbed extends Module {
  readonly proj: Conv2d;
  readonly norm: LayerNorm;

  constructor(inChannels: number, dim: number, patch: number) {
    super();
    this.proj = this.addModule('proj', new Conv2d(inChannels, dim, patch, { stride: patch, weightInit: kaimingNormalFanOutInit(dim, patch) }));
    this.norm = this.addModule('norm', new LayerNorm(dim));
  }

  forward(x: tf.Tensor): tf.Tensor {
    return this.norm.forward(this.proj.forward(x));
  }
}

/**
 * MedMamba (YubiaoYue/MedMamba MedMamba.py VSSM) on NHWC input:
 * patch_embed -> layers.0..3 (SS-Conv-SSM blocks, PatchMerging after stages 1-3) -> global average
 * pool -> head. There is no final norm. Init as the reference: Linear trunc_normal(0.02) with zero
 * bias, LayerNorm 1/0, every conv weight kaiming_normal(fan_out) (biases PyTorch's default), SSM
 * tensors the Mamba init.
 */
export class MedMamba extends Module {
  readonly patchEmbed: PatchEmbed;
  readonly layers: Stage[];
  readonly head: Linear;

  constructor(readonly config: MedMambaConfig) {
    super();
    const { dims, depths } = config;
    if (dims.length !== depths.length) throw new Error('MedMamba: dims and depths differ in length');
    this.patchEmbed = this.addModule('patch_embed', new PatchEmbed(config.inChannels, dims[0], config.patchSize ?? 4));
    const rates = dropPathRates(config.dropPathRate ?? 0.1, depths.reduce((a, b) => a + b, 0));
    let next = 0;
    this.layers = dims.map((dim, i) => {
      const blocks = Array.from({ length: depths[i] }, () => new SsConvSsm(dim, { dState: config.dState ?? 16, dropPath: rates[next++] }));
      const last = i === dims.length - 1;
      if (!last && dims[i + 1] !== 2 * dim) throw new Error('MedMamba: PatchMerging2D doubles the width');
      // PatchMerging2D crops odd maps (its SHAPE_FIX path) rather than padding.
      return this.addModule(`layers.${i}`, new Stage(blocks, last ? null : new PatchMerging(dim, { odd: 'truncate' })));
    });
    this.head = this.addModule('head', new Linear(dims[dims.length - 1], config.numClasses, {
      weightInit: truncNormalInit(0.02), biasInit: constantInit(0),
    }));
  }

  /** x: [B, H, W, inChannels] -> logits [B, numClasses]. */
  forward(x: tf.Tensor): tf.Tensor {
    let h = this.patchEmbed.forward(x);
    for (const layer of this.layers) h = layer.forward(h);
    return this.head.forward(globalAvgPool(h));
  }
}
