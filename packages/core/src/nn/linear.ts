import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module';
import { torchDefaultInit, type Initializer } from './init';
import { addMacs } from './macs';

/**
 * nn.Linear over the last axis. The weight is stored [in, out] (PyTorch: [out, in]) so the
 * forward is a plain matMul (see linear()).
 */
export class Linear extends Module {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: { bias?: boolean; weightInit?: Initializer; biasInit?: Initializer } = {},
  ) {
    super();
    const init = torchDefaultInit(inFeatures);
    this.weight = this.addParameter('weight', [inFeatures, outFeatures], options.weightInit ?? init);
    this.bias = options.bias === false
      ? null
      : this.addParameter('bias', [outFeatures], options.biasInit ?? init);
  }

  forward(x: tf.Tensor): tf.Tensor {
    return linear(x, this.weight, this.bias);
  }
}

/**
 * x W (+ b) over the last axis of x, W stored [in, out]. Inputs of rank > 2 are flattened to 2-D
 * first because tfjs 4.22's matMul gradient fails when batch dimensions broadcast.
 */
export function linear(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor | null = null): tf.Tensor {
  const [inFeatures, outFeatures] = weight.shape;
  const lead = x.shape.slice(0, -1);
  const x2 = x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [-1, inFeatures]) as tf.Tensor2D;
  addMacs(x2.shape[0] * inFeatures * outFeatures);
  let y: tf.Tensor = tf.matMul(x2, weight as tf.Tensor2D);
  if (bias) y = tf.add(y, bias);
  return x.rank === 2 ? y : tf.reshape(y, [...lead, outFeatures]);
}
