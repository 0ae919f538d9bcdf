import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module';
import { torchDefaultInit, type Initializer } from './init';
import { addMacs } from './macs';

export interface Conv2dOptions {
  stride?: number;
  padding?: number;
  bias?: boolean;
  /** groups === inChannels === outChannels gives a depthwise conv (PyTorch groups=C). */
  groups?: number;
  weightInit?: Initializer;
}

/**
 * nn.Conv2d on NHWC tensors. The weight is stored as tfjs wants it, [kh, kw, in, out]
 * (depthwise: [kh, kw, C, 1]); element counts equal PyTorch's [out, in/groups, kh, kw].
 */
export class Conv2d extends Module {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable | null;
  readonly stride: number;
  readonly padding: number;
  readonly depthwise: boolean;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernelSize: number,
    options: Conv2dOptions = {},
  ) {
    super();
    const groups = options.groups ?? 1;
    if (groups !== 1 && !(groups === inChannels && groups === outChannels)) {
      throw new Error(`Conv2d: only groups=1 or depthwise (groups=in=out) are supported, got groups=${groups} for ${inChannels}->${outChannels}`);
    }
    this.depthwise = groups !== 1;
    this.stride = options.stride ?? 1;
    this.padding = options.padding ?? 0;
    const k = kernelSize;
    const fanIn = (inChannels / groups) * k * k;
    const shape = this.depthwise ? [k, k, inChannels, 1] : [k, k, inChannels, outChannels];
    this.weight = this.addParameter('weight', shape, options.weightInit ?? torchDefaultInit(fanIn));
    this.bias = options.bias === false ? null : this.addParameter('bias', [outChannels], torchDefaultInit(fanIn));
  }

  forward(x: tf.Tensor): tf.Tensor {
    const p = this.padding;
    const pad: [[number, number], [number, number], [number, number], [number, number]] =
      [[0, 0], [p, p], [p, p], [0, 0]];
    const x4 = x as tf.Tensor4D;
    const y = this.depthwise
      ? tf.depthwiseConv2d(x4, this.weight as tf.Tensor4D, this.stride, p === 0 ? 'valid' : pad)
      : tf.conv2d(x4, this.weight as tf.Tensor4D, this.stride, p === 0 ? 'valid' : pad);
    addMacs(y.size * this.kernelSize * this.kernelSize * (this.depthwise ? 1 : this.inChannels));
    return this.bias ? tf.add(y, this.bias) : y;
  }
}
