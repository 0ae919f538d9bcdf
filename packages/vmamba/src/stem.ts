import { tf, Module, Conv2d, LayerNorm, gelu } from '@mambabench/core';

/**
 * VMamba's patch embeddings (vmamba.py VSSM._make_patch_embed / _make_patch_embed_v2), NHWC.
 * The children keep the nn.Sequential indices of the reference (its Permute / Identity slots
 * hold no parameters), so the names are patch_embed.0 / .2 / .5 / .7 as in the checkpoints.
 */

/** v2 (s1l8): conv3x3 s2 (in -> dim/2) -> LN -> GELU -> conv3x3 s2 (dim/2 -> dim) -> LN; H/4. */
export class PatchEmbedV2 extends Module {
  readonly conv1: Conv2d;
  readonly norm1: LayerNorm;
  readonly conv2: Conv2d;
  readonly norm2: LayerNorm;

  constructor(inChannels: number, dim: number) {
    super();
    this.conv1 = this.addModule('0', new Conv2d(inChannels, dim / 2, 3, { stride: 2, padding: 1 }));
    this.norm1 = this.addModule('2', new LayerNorm(dim / 2));
    this.conv2 = this.addModule('5', new Conv2d(dim / 2, dim, 3, { stride: 2, padding: 1 }));
    this.norm2 = this.addModule('7', new LayerNorm(dim));
  }

  forward(x: tf.Tensor): tf.Tensor {
    const h = gelu(this.norm1.forward(this.conv1.forward(x)));
    return this.norm2.forward(this.conv2.forward(h));
  }
}

/** v1 (Vanilla VMamba): conv4x4 stride 4 (with bias) -> LN. */
export class PatchEmbedV1 extends Module {
  readonly proj: Conv2d;
  readonly norm: LayerNorm;

  constructor(inChannels: number, dim: number, patchSize = 4) {
    super();
    this.proj = this.addModule('0', new Conv2d(inChannels, dim, patchSize, { stride: patchSize }));
    this.norm = this.addModule('2', new LayerNorm(dim));
  }

  forward(x: tf.Tensor): tf.Tensor {
    return this.norm.forward(this.proj.forward(x));
  }
}

/** Downsample v3 (s1l8): conv3x3 stride 2 pad 1 (dim -> outDim, bias) -> LN; names .1 and .3. */
export class DownsampleV3 extends Module {
  readonly conv: Conv2d;
  readonly norm: LayerNorm;

  constructor(dim: number, outDim: number) {
    super();
    this.conv = this.addModule('1', new Conv2d(dim, outDim, 3, { stride: 2, padding: 1 }));
    this.norm = this.addModule('3', new LayerNorm(outDim));
  }

  forward(x: tf.Tensor): tf.Tensor {
    return this.norm.forward(this.conv.forward(x));
  }
}
