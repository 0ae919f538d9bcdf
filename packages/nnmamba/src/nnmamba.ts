import { tf, Module, Sequential, Linear, ReLU, Dropout, checkpointed, globalAvgPool } from '@mambabench/core';
import { doubleConv, resLayer } from './blocks';
import { MambaLayer, MambaSeq } from './mamba-layers';

export interface NnMambaConfig {
  inChannels: number;
  numClasses: number;
  /** Base width ch: stem ch, stages 2ch, 4ch, 8ch (16ch for the 4th). */
  channels: number;
  /** BasicBlocks per residual stage. */
  blocks: number;
  /** 3 (the authors' classifier) or 4 (the published post's layer4 extension). */
  stages: 3 | 4;
  /** The channel-sequence Mamba over pooled stage vectors; the authors removed it in Feb 2025. */
  mambaSeq: boolean;
  /** Flip-and-average stem Mamba (an option, not the published model). */
  bidirectionalStem?: boolean;
}

/**
 * 2D port of nnMamba's classification encoder (lhaof/nnMamba nnMamba4cls.py, July 2024):
 * in_conv -> stem MambaLayer (+ residual) -> 3 (or 4) residual stages -> per-stage global average
 * pooling -> channel-sequence tokens (stage i gives 2^i tokens of width 2ch) -> MambaSeq -> MLP.
 */
export class NnMamba extends Module {
  readonly inConv: Sequential;
  readonly stem: MambaLayer;
  readonly layers: Sequential[];
  readonly mambaSeq: MambaSeq | null;
  readonly mlp: Sequential;
  private readonly tokenDim: number;

  constructor(readonly config: NnMambaConfig) {
    super();
    const { channels: ch, blocks, stages, inChannels, numClasses } = config;
    this.tokenDim = 2 * ch;
    this.inConv = this.addModule('in_conv', new ConvWrapper(doubleConv(inChannels, ch))).conv;
    this.stem = this.addModule('mamba_layer_stem', new MambaLayer(ch, 8, 4, 2, config.bidirectionalStem ?? false));
    this.layers = [];
    for (let i = 0; i < stages; i++) {
      const inCh = i === 0 ? ch : ch * 2 ** i;
      this.layers.push(this.addModule(`layer${i + 1}`, resLayer(inCh, ch * 2 ** (i + 1), blocks, 2)));
    }
    this.mambaSeq = config.mambaSeq ? this.addModule('mamba_seq', new MambaSeq(this.tokenDim, 8, 2, 2)) : null;
    const tokens = 2 ** stages - 1; // 1 + 2 + 4 (+ 8)
    this.mlp = this.addModule('mlp', new Sequential(
      new Linear(this.tokenDim * tokens, ch), new ReLU(), new Dropout(0.5), new Linear(ch, numClasses),
    ));
  }

  forward(x: tf.Tensor): tf.Tensor {
    // Full-resolution parts and each stage are checkpointed when activation checkpointing is on
    // (MAMBABENCH_CHECKPOINT=1): the 224-px batch-32 step then fits the published 6 GB.
    const c1 = checkpointed(this.inConv, x);
    let h = tf.add(checkpointed(this.stem, c1), c1);
    const pooled: tf.Tensor[] = [];
    for (const layer of this.layers) {
      h = checkpointed(layer, h);
      pooled.push(globalAvgPool(h));
    }
    return this.mlp.forward(this.channelSequence(pooled));
  }

  /**
   * Pooled stage i (width 2ch * 2^i) reshaped row-major to [B, 2ch, 2^i], so token j of stage i
   * holds channels {2^i * c + j}; tokens concatenated to [B, 2ch, T]. MambaSeq sees T tokens of
   * width 2ch; the result is flattened channel-major (index c * T + t), as in the reference.
   */
  private channelSequence(pooled: tf.Tensor[]): tf.Tensor {
    const b = pooled[0].shape[0];
    const grouped = pooled.map((p, i) => tf.reshape(p, [b, this.tokenDim, 2 ** i]));
    let seq = tf.concat(grouped, 2); // [B, 2ch, T]
    if (this.mambaSeq) {
      const tokens = tf.transpose(seq, [0, 2, 1]);
      seq = tf.transpose(this.mambaSeq.forward(tokens), [0, 2, 1]);
    }
    return tf.reshape(seq, [b, -1]);
  }
}

/** Gives in_conv's Sequential the PyTorch name prefix "in_conv.conv.N". */
class ConvWrapper extends Module {
  readonly conv: Sequential;
  constructor(conv: Sequential) {
    super();
    this.conv = this.addModule('conv', conv);
  }
  forward(x: tf.Tensor): tf.Tensor {
    return this.conv.forward(x);
  }
}
