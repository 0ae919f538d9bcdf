import { tf, Module, Sequential, Conv2d, BatchNorm2d, LayerNorm, Linear, GELU, Attention, DropPath } from '@mambabench/core';
import { MambaVisionMixer, linearInit } from './mixer';

/** ConvBlock of stages 1-2: x + BN(conv3x3(GELU_tanh(BN(conv3x3(x))))), convs with bias. */
export class ConvBlock extends Module {
  readonly conv1: Conv2d;
  readonly norm1: BatchNorm2d;
  readonly act1 = new GELU('tanh');
  readonly conv2: Conv2d;
  readonly norm2: BatchNorm2d;
  readonly dropPath: DropPath;

  constructor(dim: number, dropPath = 0) {
    super();
    this.conv1 = this.addModule('conv1', new Conv2d(dim, dim, 3, { padding: 1 }));
    this.norm1 = this.addModule('norm1', new BatchNorm2d(dim, 1e-5));
    this.conv2 = this.addModule('conv2', new Conv2d(dim, dim, 3, { padding: 1 }));
    this.norm2 = this.addModule('norm2', new BatchNorm2d(dim, 1e-5));
    this.dropPath = this.addModule('drop_path', new DropPath(dropPath));
  }

  forward(x: tf.Tensor): tf.Tensor {
    const h = this.norm2.forward(this.conv2.forward(this.act1.forward(this.norm1.forward(this.conv1.forward(x)))));
    return tf.add(x, this.dropPath.forward(h));
  }
}

/** timm's Mlp: fc1 -> GELU (exact) -> fc2, both with bias. */
export class Mlp extends Module {
  readonly fc1: Linear;
  readonly act = new GELU('none');
  readonly fc2: Linear;

  constructor(dim: number, hidden: number) {
    super();
    this.fc1 = this.addModule('fc1', new Linear(dim, hidden, linearInit));
    this.fc2 = this.addModule('fc2', new Linear(hidden, dim, linearInit));
  }

  forward(x: tf.Tensor): tf.Tensor {
    return this.fc2.forward(this.act.forward(this.fc1.forward(x)));
  }
}

/**
 * Token block of stages 3-4 on window sequences [B * nW, N, C]: x + mixer(LN(x)), then
 * x + MLP(LN(x)); the mixer is a MambaVisionMixer or timm-style attention (qkv bias). No layer
 * scale for T (gamma = 1). DropPath draws per entry of the first axis, which here is a window
 * (B * nW), as in the reference.
 */
export class TokenBlock extends Module {
  readonly norm1: LayerNorm;
  readonly mixer: MambaVisionMixer | Attention;
  readonly norm2: LayerNorm;
  readonly mlp: Mlp;
  readonly dropPath: DropPath;

  constructor(dim: number, numHeads: number, attention: boolean, mlpRatio: number, dropPath = 0) {
    super();
    this.norm1 = this.addModule('norm1', new LayerNorm(dim));
    this.mixer = this.addModule('mixer', attention
      ? new Attention(dim, numHeads, { qkvBias: true, ...linearInit })
      : new MambaVisionMixer(dim, 8, 3, 1));
    this.norm2 = this.addModule('norm2', new LayerNorm(dim));
    this.mlp = this.addModule('mlp', new Mlp(dim, Math.floor(dim * mlpRatio)));
    this.dropPath = this.addModule('drop_path', new DropPath(dropPath));
  }

  forward(x: tf.Tensor): tf.Tensor {
    const h = tf.add(x, this.dropPath.forward(this.mixer.forward(this.norm1.forward(x))));
    return tf.add(h, this.dropPath.forward(this.mlp.forward(this.norm2.forward(h))));
  }
}

/** Downsample: conv3x3 stride 2 pad 1, dim -> 2 dim, no bias, no norm (named reduction.0). */
export function downsample(dim: number): Sequential {
  return new Sequential(new Conv2d(dim, 2 * dim, 3, { stride: 2, padding: 1, bias: false }));
}

/**
 * Blocks n/2 .. n-1 (n even) or floor(n/2)+1 .. n-1 (n odd) of a stage use attention; the rest
 * use MambaVision mixers (MambaVision's transformer_blocks rule).
 */
export function isAttentionBlock(index: number, depth: number): boolean {
  return index >= (depth % 2 === 0 ? depth / 2 : Math.floor(depth / 2) + 1);
}
