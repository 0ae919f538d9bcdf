import * as tf from '@tensorflow/tfjs-core';
import type { Module } from '../nn/module';
import type { AdamW } from '../optim/adamw';
import { crossEntropy, softCrossEntropy } from './loss';

export interface StepResult {
  loss: number;
  correct: number;
  count: number;
}

/**
 * One optimisation step: forward, cross-entropy, backward, AdamW update. Every intermediate
 * tensor is released before returning (asserted by the leak test).
 * `targets` are integer labels [B] or soft targets [B, K] (mixup / label smoothing).
 */
export function trainStep(
  model: Module,
  optimizer: AdamW,
  x: tf.Tensor,
  labels: tf.Tensor1D,
  targets: tf.Tensor = labels,
  clipNorm?: number,
): StepResult {
  model.train();
  const variables = model.trainableVariables();
  let logits: tf.Tensor | null = null;
  const { value, grads } = tf.variableGrads(() => {
    logits = tf.keep(model.forward(x));
    return targets.rank === 1 ? crossEntropy(logits, targets) : softCrossEntropy(logits, targets);
  }, variables);
  const ordered = variables.map((v) => grads[v.name]);
  const clipped = clipNorm ? clipByGlobalNorm(ordered, clipNorm) : ordered;
  optimizer.applyGradients(clipped);
  const loss = value.dataSync()[0];
  const correct = countCorrect(logits!, labels);
  tf.dispose([value, logits!, ...ordered, ...clipped]);
  return { loss, correct, count: labels.shape[0] };
}

/** torch.nn.utils.clip_grad_norm_: scale all gradients so their global L2 norm is <= maxNorm. */
export function clipByGlobalNorm(grads: tf.Tensor[], maxNorm: number): tf.Tensor[] {
  return tf.tidy(() => {
    const norm = Math.sqrt(grads.reduce((s, g) => s + tf.sum(tf.square(g)).dataSync()[0], 0));
    const scale = Math.min(1, maxNorm / (norm + 1e-6));
    return grads.map((g) => tf.mul(g, scale));
  });
}

export function countCorrect(logits: tf.Tensor, labels: tf.Tensor1D): number {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), tf.cast(labels, 'int32')), 'int32')).dataSync()[0]);
}

export interface EvalResult {
  loss: number;
  correct: number;
  count: number;
  /** Softmax probabilities [count, K] in input order, for the report's DR metrics. */
  probabilities: Float32Array;
}

/** Evaluates in eval mode over batches produced by `batches`, summing loss per example. */
export function evaluate(
  model: Module,
  batches: Iterable<{ x: tf.Tensor; y: tf.Tensor1D }>,
  numClasses: number,
): EvalResult {
  model.eval();
  let lossSum = 0;
  let correct = 0;
  let count = 0;
  const probs: number[] = [];
  for (const { x, y } of batches) {
    tf.tidy(() => {
      const logits = model.forward(x);
      lossSum += crossEntropy(logits, y).dataSync()[0] * y.shape[0];
      correct += countCorrect(logits, y);
      count += y.shape[0];
      probs.push(...tf.softmax(logits).dataSync());
    });
    tf.dispose([x, y]);
  }
  model.train();
  if (probs.length !== count * numClasses) throw new Error('evaluate: model output width != numClasses');
  return { loss: count ? lossSum / count : NaN, correct, count, probabilities: Float32Array.from(probs) };
}
