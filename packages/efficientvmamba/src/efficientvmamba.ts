import {
  tf, Module, Sequential, Conv2d, LayerNorm, Linear, PatchMerging, globalAvgPool, truncNormalInit, constantInit,
} from '@mambabench/core';
import { EvssBlock } from './evss-block';
import { InvertedResidual } from './inverted-residual';
import { dropPathRates } from '@mambabench/core';

export interface EfficientVMambaConfig {
  inChannels: number;
  numClasses: number;
  /** Stage widths; EMBED_DIM d gives d, 2d, 4d, 8d. */
  dims: number[];
  /** Blocks per stage: EVSS blocks in stages 1-2, InvertedResidual+SE in stages 3-4. */
  depths: number[];
  /** SS2D d_state (16) and ssm_ratio (2). */
  dState?: number;
  ssmRatio?: number;
  /** Stochastic depth rising linearly to this rate over all blocks (the tiny yaml: 0.2). */
  dropPathRate?: number;
}

/** Children applied in registration order under explicit names (PyTorch Sequential indices with gaps). */
class NamedSequence extends Module {
  private readonly children: Module[] = [];
  constructor(children: [string, Module][]) {
    super();
    for (const [name, m] of children) this.children.push(this.addModule(name, m));
  }
  forward(x: tf.Tensor): tf.Tensor {
    return this.children.reduce((h, m) => m.forward(h), x);
  }
}

/**
 * EfficientVMamba (TerryPei/EfficientVMamba, class EfficientVSSM) on NHWC:
 *   patch_embed: conv4x4 stride 4 (bias) -> LN
 *   layers.0-1: EVSS blocks ("blocks") then PatchMerging ("downsample")
 *   layers.2-3: InvertedResidual+SE blocks, then PatchMerging (not after the last stage). The
 *               reference wraps them in Sequential(Permute, *blocks, Permute, downsample), so the
 *               blocks are named 1..depth and the downsample depth+2.
 *   classifier: LN -> global average pool -> head Linear.
 */
export class EfficientVMamba extends Module {
  readonly patchEmbed: NamedSequence;
  readonly layers: NamedSequence;
  readonly classifierNorm: LayerNorm;
  readonly head: Linear;

  constructor(readonly config: EfficientVMambaConfig) {
    super();
    const { dims, depths, inChannels, numClasses } = config;
    if (dims.length !== 4 || depths.length !== 4) throw new Error('EfficientVMamba: 4 stages expected');
    const ssm = { dState: config.dState ?? 16, ssmRatio: config.ssmRatio ?? 2 };
    const dpr = dropPathRates(config.dropPathRate ?? 0.2, depths.reduce((a, b) => a + b, 0));

    this.patchEmbed = this.addModule('patch_embed', new NamedSequence([
      ['0', new Conv2d(inChannels, dims[0], 4, { stride: 4, bias: true })],
      ['2', new LayerNorm(dims[0])],
    ]));

    const stages: [string, Module][] = [];
    let first = 0;
    for (let i = 0; i < 4; i++) {
      const rates = dpr.slice(first, first + depths[i]);
      first += depths[i];
      if (i < 3 && dims[i + 1] !== 2 * dims[i]) throw new Error('EfficientVMamba: PatchMerging doubles the width');
      const down = i < 3 ? new PatchMerging(dims[i]) : null;
      const children: [string, Module][] = i < 2
        ? [['blocks', new Sequential(...rates.map((r) => new EvssBlock(dims[i], r, ssm)))]]
        : rates.map((r, j) => [String(j + 1), new InvertedResidual(dims[i], r)]);
      if (down) children.push([i < 2 ? 'downsample' : String(depths[i] + 2), down]);
      stages.push([String(i), new NamedSequence(children)]);
    }
    this.layers = this.addModule('layers', new NamedSequence(stages));

    const classifier = this.addModule('classifier', new ClassifierNames());
    this.classifierNorm = classifier.add('norm', new LayerNorm(dims[3]));
    // VSSM._init_weights: trunc_normal(0.02) weight, zero bias.
    this.head = classifier.add('head', new Linear(dims[3], numClasses, { weightInit: truncNormalInit(0.02), biasInit: constantInit(0) }));
  }

  forward(x: tf.Tensor): tf.Tensor {
    const features = this.layers.forward(this.patchEmbed.forward(x));
    return this.head.forward(globalAvgPool(this.classifierNorm.forward(features)));
  }
}

/** Holds classifier.norm and classifier.head under the reference names; the pool sits between them. */
class ClassifierNames extends Module {
  add<M extends Module>(name: string, m: M): M {
    return this.addModule(name, m);
  }
  forward(): tf.Tensor {
    throw new Error('classifier: applied by EfficientVMamba.forward (norm -> pool -> head)');
  }
}
