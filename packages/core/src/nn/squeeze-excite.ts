import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module';
import { Conv2d } from './conv2d';

export interface SqueezeExciteOptions {
  /** Activation between the two 1x1 convs; ReLU as in MobileNetV2/EfficientNet blocks. */
  act?: (x: tf.Tensor) => tf.Tensor;
  /** Gate applied to the expanded excitation; sigmoid by default. */
  gate?: (x: tf.Tensor) => tf.Tensor;
}

/**
 * MobileNet-style squeeze-and-excitation on NHWC maps (timm's SqueezeExcite; the one in
 * EfficientVMamba's lib/models/operations.py has the same names): per-channel global mean ->
 * conv_reduce 1x1 (C -> reduce, bias) -> act -> conv_expand 1x1 (reduce -> C, bias) -> gate ->
 * rescale the input channels. The 1x1 convs run on the pooled [B, 1, 1, C] map, so they are
 * counted as C*reduce MACs per image, as the reference's FLOP counters do.
 */
export class SqueezeExcite extends Module {
  readonly convReduce: Conv2d;
  readonly convExpand: Conv2d;
  private readonly act: (x: tf.Tensor) => tf.Tensor;
  private readonly gate: (x: tf.Tensor) => tf.Tensor;

  constructor(readonly channels: number, readonly reduceChannels: number, options: SqueezeExciteOptions = {}) {
    super();
    this.convReduce = this.addModule('conv_reduce', new Conv2d(channels, reduceChannels, 1));
    this.convExpand = this.addModule('conv_expand', new Conv2d(reduceChannels, channels, 1));
    this.act = options.act ?? tf.relu;
    this.gate = options.gate ?? tf.sigmoid;
  }

  forward(x: tf.Tensor): tf.Tensor {
    const pooled = tf.mean(x, [1, 2], true); // [B, 1, 1, C]
    const excite = this.convExpand.forward(this.act(this.convReduce.forward(pooled)));
    return tf.mul(x, this.gate(excite));
  }
}
