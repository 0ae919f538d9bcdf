import { tf, Module, Conv2d, BatchNorm2d, Mamba } from '@mambabench/core';

/**
 * The stem MambaLayer: a = ReLU(BN(conv1x1(x))); flatten the H x W map row-major into a
 * sequence, run one unidirectional Mamba, add a, reshape back; then conv1x1 -> BN -> ReLU.
 * The caller adds the outer residual (c1s = stem(c1) + c1).
 * `bidirectional` is this package's documented option (the authors' segmentation model averages a
 * forward and a flipped pass); the published classifier uses the plain unidirectional layer.
 */
export class MambaLayer extends Module {
  readonly nin: Conv2d;
  readonly norm: BatchNorm2d;
  readonly mamba: Mamba;
  readonly nin2: Conv2d;
  readonly norm2: BatchNorm2d;

  constructor(dim: number, dState = 8, dConv = 4, expand = 2, readonly bidirectional = false) {
    super();
    this.nin = this.addModule('nin', new Conv2d(dim, dim, 1, { bias: false }));
    this.norm = this.addModule('norm', new BatchNorm2d(dim));
    this.mamba = this.addModule('mamba', new Mamba(dim, { dState, dConv, expand }));
    this.nin2 = this.addModule('nin2', new Conv2d(dim, dim, 1, { bias: false }));
    this.norm2 = this.addModule('norm2', new BatchNorm2d(dim));
  }

  forward(x: tf.Tensor): tf.Tensor {
    const [b, h, w, c] = x.shape;
    const a = tf.relu(this.norm.forward(this.nin.forward(x)));
    const seq = tf.reshape(a, [b, h * w, c]);
    // With activation checkpointing on, Mamba checkpoints its own branches: over the stem's H*W
    // tokens its activations are the largest part of the step's memory.
    let mixed = this.mamba.forward(seq);
    if (this.bidirectional) {
      const back = tf.reverse(this.mamba.forward(tf.reverse(seq, 1)), 1);
      mixed = tf.mul(tf.add(mixed, back), 0.5);
    }
    const y = tf.add(tf.reshape(mixed, [b, h, w, c]), a);
    return tf.relu(this.norm2.forward(this.nin2.forward(y)));
  }
}

/**
 * MambaSeq, the channel-sequence mixer over the pooled stage vectors: ReLU (a no-op on pooled
 * post-ReLU features, kept for fidelity), Mamba over the tokens, plus the residual.
 * Input and output: [B, tokens, dim].
 */
export class MambaSeq extends Module {
  readonly mamba: Mamba;

  constructor(dim: number, dState = 8, dConv = 2, expand = 2) {
    super();
    this.mamba = this.addModule('mamba', new Mamba(dim, { dState, dConv, expand }));
  }

  forward(x: tf.Tensor): tf.Tensor {
    return tf.add(this.mamba.forward(tf.relu(x)), x);
  }
}
