import { tf, Module, Sequential, windowPartition, windowReverse } from '@mambabench/core';
import { ConvBlock, TokenBlock, downsample, isAttentionBlock } from './blocks';

export interface LevelConfig {
  dim: number;
  depth: number;
  numHeads: number;
  /** Window side for token stages (already limited to the feature-map size by the model). */
  windowSize: number;
  /** Stages 1-2 are ConvBlocks, stages 3-4 windowed token blocks. */
  conv: boolean;
  downsample: boolean;
  mlpRatio: number;
  /** Drop-path rate of each block of this stage. */
  dropPath: number[];
}

/**
 * MambaVisionLayer on NHWC maps. Token stages pad the map at the bottom/right to a multiple of the
 * window, partition it into w x w windows (row-major), run the blocks on each window's sequence,
 * reverse the partition and crop; then the optional stride-2 downsample.
 */
export class MambaVisionLevel extends Module {
  readonly blocks: Module[];
  readonly downsample: Sequential | null;

  constructor(readonly config: LevelConfig) {
    super();
    const { dim, depth, conv } = config;
    this.blocks = [];
    for (let i = 0; i < depth; i++) {
      const block = conv
        ? new ConvBlock(dim, config.dropPath[i])
        : new TokenBlock(dim, config.numHeads, isAttentionBlock(i, depth), config.mlpRatio, config.dropPath[i]);
      this.blocks.push(this.addModule(`blocks.${i}`, block));
    }
    this.downsample = config.downsample ? this.addModule('downsample', new DownsampleWrapper(dim)).reduction : null;
  }

  forward(x: tf.Tensor): tf.Tensor {
    let y = this.config.conv ? this.blocks.reduce((h, b) => b.forward(h), x) : this.forwardWindows(x);
    if (this.downsample) y = this.downsample.forward(y);
    return y;
  }

  private forwardWindows(x: tf.Tensor): tf.Tensor {
    const [, h, w] = x.shape;
    const ws = this.config.windowSize;
    const padB = (ws - (h % ws)) % ws;
    const padR = (ws - (w % ws)) % ws;
    const padded = padB > 0 || padR > 0 ? tf.pad(x, [[0, 0], [0, padB], [0, padR], [0, 0]]) : x;
    const tokens = this.blocks.reduce((t, b) => b.forward(t), windowPartition(padded, ws) as tf.Tensor);
    const merged = windowReverse(tokens, ws, h + padB, w + padR);
    return padB > 0 || padR > 0 ? tf.slice(merged, [0, 0, 0, 0], [-1, h, w, -1]) : merged;
  }
}

/** Gives the downsample conv the reference name "downsample.reduction.0.weight". */
class DownsampleWrapper extends Module {
  readonly reduction: Sequential;
  constructor(dim: number) {
    super();
    this.reduction = this.addModule('reduction', downsample(dim));
  }
  forward(x: tf.Tensor): tf.Tensor {
    return this.reduction.forward(x);
  }
}
