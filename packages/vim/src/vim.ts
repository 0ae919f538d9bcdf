import { tf, Module, Conv2d, Linear, RMSNorm, truncNormalInit, truncNormalTfInit, constantInit } from '@mambabench/core';
import { BiMambaV2 } from './bimamba';

export interface VisionMambaConfig {
  imageSize: number;
  inChannels: number;
  numClasses: number;
  patchSize: number;
  embedDim: number;
  depth: number;
  dState: number;
  /** Mamba expand E (d_inner = E * embedDim); Vim uses 2. */
  expand: number;
}

/** Patches of the reference PatchEmbed: ((S - p) / p + 1)^2 with stride = patch size. */
export function numPatches(imageSize: number, patchSize: number): number {
  const side = Math.floor((imageSize - patchSize) / patchSize) + 1;
  return side * side;
}

/** PatchEmbed: conv p x p stride p with bias, no norm, flattened row-major to [B, M, D]. */
class PatchEmbed extends Module {
  readonly proj: Conv2d;
  constructor(inChannels: number, dim: number, patch: number) {
    super();
    const fanIn = inChannels * patch * patch;
    // segm_init_weights: lecun_normal_ (truncated normal at +-2 std, std corrected by the
    // truncation factor .8796...) for the weight and zeros for the bias.
    this.proj = this.addModule('proj', new Conv2d(inChannels, dim, patch, {
      stride: patch, weightInit: truncNormalTfInit(Math.sqrt(1 / fanIn) / 0.87962566103423978),
    }));
    tf.tidy(() => this.proj.bias!.assign(tf.zerosLike(this.proj.bias!)));
  }
  forward(x: tf.Tensor): tf.Tensor {
    const y = this.proj.forward(x);
    const [b, h, w, c] = y.shape;
    return tf.reshape(y, [b, h * w, c]);
  }
}

/** Vim's Block, "add -> norm -> mixer" with the residual stream carried separately. */
export class VimBlock extends Module {
  readonly mixer: BiMambaV2;
  readonly norm: RMSNorm;

  constructor(dim: number, dState: number, expand: number, nLayer: number) {
    super();
    this.mixer = this.addModule('mixer', new BiMambaV2(dim, { dState, expand, dConv: 4, nLayer }));
    this.norm = this.addModule('norm', new RMSNorm(dim, 1e-5));
  }

  /** residual <- residual + hidden (the first layer takes residual = hidden); hidden <- mixer(norm(residual)). */
  step(hidden: tf.Tensor, residual: tf.Tensor | null): { hidden: tf.Tensor; residual: tf.Tensor } {
    const res = residual ? tf.add(residual, hidden) : hidden;
    return { hidden: this.mixer.forward(this.norm.forward(res)), residual: res };
  }

  forward(x: tf.Tensor): tf.Tensor {
    return this.step(x, null).hidden;
  }
}

/**
 * Vision Mamba (hustvl/Vim, vim_tiny_patch16_224_bimambav2_final_pool_mean_abs_pos_embed_with_midclstok_div2):
 * patch embed -> class token inserted at index M // 2 -> + absolute position embedding -> depth
 * bidirectional (v2) Mamba layers with RMSNorm and a separate residual stream -> add + final
 * RMSNorm -> Linear head on the middle class token. Drop path 0 (the training script's value).
 * Names follow the reference state_dict (patch_embed.proj, cls_token, pos_embed, head,
 * layers.N.mixer.*, layers.N.norm, norm_f).
 */
export class VisionMamba extends Module {
  readonly patchEmbed: PatchEmbed;
  readonly clsToken: tf.Variable;
  readonly posEmbed: tf.Variable;
  readonly head: Linear;
  readonly layers: VimBlock[];
  readonly normF: RMSNorm;
  /** Index of the class token in the sequence: M // 2 for M patches. */
  readonly tokenPosition: number;

  constructor(readonly config: VisionMambaConfig) {
    super();
    const { embedDim: d, depth, patchSize } = config;
    const patches = numPatches(config.imageSize, patchSize);
    this.tokenPosition = Math.floor(patches / 2);
    this.patchEmbed = this.addModule('patch_embed', new PatchEmbed(config.inChannels, d, patchSize));
    // cls_token and pos_embed: trunc_normal(0.02); in Vim's no_weight_decay set.
    this.clsToken = this.addParameter('cls_token', [1, 1, d], truncNormalInit(0.02), { weightDecay: false });
    this.posEmbed = this.addParameter('pos_embed', [1, patches + 1, d], truncNormalInit(0.02), { weightDecay: false });
    // segm_init_weights on the head: trunc_normal(0.02) weight, zero bias.
    this.head = this.addModule('head', new Linear(d, config.numClasses, { weightInit: truncNormalInit(0.02), biasInit: constantInit(0) }));
    this.layers = [];
    for (let i = 0; i < depth; i++) this.layers.push(this.addModule(`layers.${i}`, new VimBlock(d, config.dState, config.expand, depth)));
    this.normF = this.addModule('norm_f', new RMSNorm(d, 1e-5));
  }

  /** The embedded sequence [B, M + 1, D]: patches with the class token at tokenPosition, plus pos_embed. */
  embed(x: tf.Tensor): tf.Tensor {
    const patches = this.patchEmbed.forward(x);
    const [b, m, d] = patches.shape;
    const p = this.tokenPosition;
    const cls = tf.tile(this.clsToken, [b, 1, 1]);
    const seq = tf.concat([tf.slice(patches, [0, 0, 0], [b, p, d]), cls, tf.slice(patches, [0, p, 0], [b, m - p, d])], 1);
    return tf.add(seq, this.posEmbed);
  }

  forward(x: tf.Tensor): tf.Tensor {
    let hidden = this.embed(x);
    let residual: tf.Tensor | null = null;
    for (const layer of this.layers) ({ hidden, residual } = layer.step(hidden, residual));
    const final = residual ? tf.add(residual, hidden) : hidden;
    const [b, , d] = final.shape;
    // RMSNorm is per token, so normalising only the class token equals slicing after norm_f.
    const cls = tf.reshape(tf.slice(final, [0, this.tokenPosition, 0], [b, 1, d]), [b, d]);
    return this.head.forward(this.normF.forward(cls));
  }
}
