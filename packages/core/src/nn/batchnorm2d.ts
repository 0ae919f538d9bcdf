import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module';
import { constantInit } from './init';
import { fusedBatchNormApplies, fusedBatchNormTrain } from './fused-batch-norm';
import { isRecomputing } from './activation-checkpointing';

/**
 * nn.BatchNorm2d with PyTorch semantics on NHWC tensors (normalises over N, H, W per channel).
 * Train: batch statistics; running stats updated with momentum 0.1 using the UNBIASED batch
 * variance. Eval: running statistics. Training uses the fused WebAssembly kernel where it applies
 * (fused-batch-norm.ts), else elementwise ops (tf.batchNorm's gradient is broken without
 * scale/offset in tfjs 4.22); `fused = false` forces the composed ops (tests compare the two).
 */
export class BatchNorm2d extends Module {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;
  readonly runningMean: tf.Variable;
  readonly runningVar: tf.Variable;

  constructor(readonly numFeatures: number, readonly eps = 1e-5, readonly momentum = 0.1) {
    super();
    this.weight = this.addParameter('weight', [numFeatures], constantInit(1));
    this.bias = this.addParameter('bias', [numFeatures], constantInit(0));
    this.runningMean = this.addBuffer('running_mean', [numFeatures], constantInit(0));
    this.runningVar = this.addBuffer('running_var', [numFeatures], constantInit(1));
  }

  fused = true;

  forward(x: tf.Tensor): tf.Tensor {
    const axes = x.shape.map((_, i) => i).slice(0, -1);
    if (this.training && this.fused && fusedBatchNormApplies(this.numFeatures)) {
      return fusedBatchNormTrain(x, this.weight, this.bias, this.eps, ({ mean, variance }) =>
        tf.tidy(() => this.updateRunningStats(tf.tensor1d(Float32Array.from(mean)), tf.tensor1d(Float32Array.from(variance)), x.size / this.numFeatures)));
    }
    if (!this.training) {
      const scale = tf.mul(this.weight, tf.rsqrt(tf.add(this.runningVar, this.eps)));
      return tf.add(tf.mul(tf.sub(x, this.runningMean), scale), this.bias);
    }
    const { mean, variance } = tf.moments(x, axes);
    this.updateRunningStats(mean, variance, x.size / this.numFeatures);
    const xhat = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.eps)));
    return tf.add(tf.mul(xhat, this.weight), this.bias);
  }

  private updateRunningStats(mean: tf.Tensor, variance: tf.Tensor, n: number) {
    if (isRecomputing()) return; // a checkpointed forward re-run for its gradient: stats already updated
    tf.tidy(() => {
      const m = this.momentum;
      const unbiased = tf.mul(variance, n / Math.max(n - 1, 1));
      this.runningMean.assign(tf.add(tf.mul(this.runningMean, 1 - m), tf.mul(mean, m)));
      this.runningVar.assign(tf.add(tf.mul(this.runningVar, 1 - m), tf.mul(unbiased, m)));
    });
  }
}
