import { tf, Module, LayerNorm, Linear, PatchMerging, globalAvgPool, dropPathRates, truncNormalInit, constantInit, type SS2DOptions, Stage } from '@mambabench/core';
import { PatchEmbedV1, PatchEmbedV2, DownsampleV3 } from './stem';
import { VssBlock } from './vss-block';

/**
 * The two VMamba generations the benchmark compares (MzeroMiko/VMamba classification/models/vmamba.py):
 * - 's1l8' (vmamba_tiny_s1l8, the released VMamba-T): patch embed v2, SS2D v05_noz (d_state 1,
 *   ratio 1, no z gate, dwconv without bias), MLP ratio 4, downsample v3 (conv3x3 s2 + LN);
 * - 'vanilla' (vanilla_vmamba_tiny): patch embed v1 (conv4x4 s4 + LN), SS2D v0 (d_state 16,
 *   ratio 2, z gate, dwconv with bias), no MLP, PatchMerging downsampling.
 */
export type VMambaVersion = 's1l8' | 'vanilla';

export interface VMambaConfig {
  version: VMambaVersion;
  dims: number[];
  depths: number[];
  numClasses: number;
  inChannels: number;
  /** Stochastic depth, linear over all blocks from 0 (0.2 in both tiny configs). */
  dropPathRate?: number;
}

const SSM: Record<VMambaVersion, SS2DOptions> = {
  s1l8: { dState: 1, ssmRatio: 1, gate: false, convBias: false },
  vanilla: { dState: 16, ssmRatio: 2, gate: true, convBias: true },
};
const MLP_RATIO: Record<VMambaVersion, number> = { s1l8: 4, vanilla: 0 };


/** Classifier: norm (LN over channels) -> global average pool -> head Linear. */
class Classifier extends Module {
  readonly norm: LayerNorm;
  readonly head: Linear;

  constructor(dim: number, numClasses: number) {
    super();
    this.norm = this.addModule('norm', new LayerNorm(dim));
    this.head = this.addModule('head', new Linear(dim, numClasses, { weightInit: truncNormalInit(0.02), biasInit: constantInit(0) }));
  }

  forward(x: tf.Tensor): tf.Tensor {
    return this.head.forward(globalAvgPool(this.norm.forward(x)));
  }
}

/**
 * VMamba (VSSM) image classifier on NHWC input: patch_embed -> layers.0..3 -> classifier.
 * Init as VSSM._init_weights: every nn.Linear (incl. the 1x1 Linear2d projections) trunc_normal(0.02)
 * with zero bias, LayerNorm 1/0, convs PyTorch's default; the stacked SSM tensors keep the Mamba init.
 */
export class VMamba extends Module {
  readonly patchEmbed: Module;
  readonly layers: Stage[];
  readonly classifier: Classifier;

  constructor(readonly config: VMambaConfig) {
    super();
    const { version, dims, depths } = config;
    if (dims.length !== depths.length) throw new Error('VMamba: dims and depths differ in length');
    this.patchEmbed = this.addModule('patch_embed', version === 's1l8'
      ? new PatchEmbedV2(config.inChannels, dims[0])
      : new PatchEmbedV1(config.inChannels, dims[0]));
    const rates = dropPathRates(config.dropPathRate ?? 0.2, depths.reduce((a, b) => a + b, 0));
    let next = 0;
    this.layers = dims.map((dim, i) => {
      const blocks = Array.from({ length: depths[i] }, () => new VssBlock(dim, {
        ssm: SSM[version], mlpRatio: MLP_RATIO[version], dropPath: rates[next++],
      }));
      const last = i === dims.length - 1;
      const down = last ? null : version === 's1l8'
        ? new DownsampleV3(dim, dims[i + 1])
        : new PatchMerging(dim, { outDim: dims[i + 1], odd: 'pad' });
      return this.addModule(`layers.${i}`, new Stage(blocks, down));
    });
    this.classifier = this.addModule('classifier', new Classifier(dims[dims.length - 1], config.numClasses));
  }

  /** x: [B, H, W, inChannels] -> logits [B, numClasses]. */
  forward(x: tf.Tensor): tf.Tensor {
    let h = this.patchEmbed.forward(x);
    for (const layer of this.layers) h = layer.forward(h);
    return this.classifier.forward(h);
  }
}
