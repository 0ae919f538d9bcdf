import * as tf from '@tensorflow/tfjs-core';
import type { ModelSpec } from '../registry';
import { withInitSeed } from '../nn/init-context';
import { evalLogits, parametersWithoutGradient } from './model-checks';

/**
 * The checks every registered variant has to pass, as a list of what is wrong (empty when
 * nothing is): the parameter count it registers, [4, 2] logits in train and in eval mode, finite
 * eval logits, a finite loss and a non-zero finite gradient for every parameter, no tensor left
 * allocated. Built with init seed 1 for 2 classes and 3 channels. Use 64 px: at 32 the last stage
 * of several models is 1x1, a one-token scan in which A_log has no effect and so, correctly, no
 * gradient. Batch 4 with unbalanced labels: with 2 samples a train-mode BatchNorm before pooling
 * makes the pooled features exactly opposite and the head bias gradient cancels, and seeded
 * drop-path could drop a branch for the whole batch.
 */
export function variantProblems(spec: ModelSpec, imageSize: number): string[] {
  const problems: string[] = [];
  const model = withInitSeed(1, () => spec.build({ numClasses: 2, imageSize, inChannels: 3 }));
  const expected = spec.expectedParams?.(imageSize);
  if (expected !== undefined && model.numParams() !== expected) {
    problems.push(`has ${model.numParams()} parameters but registers ${expected} (set its params to the new count)`);
  }
  const before = tf.memory().numTensors;
  const x = tf.randomNormal([4, imageSize, imageSize, 3], 0, 1, 'float32', 7);
  const labels = tf.tensor1d([0, 1, 1, 1], 'int32');
  const logits = tf.tidy(() => model.forward(x));
  if (`${logits.shape}` !== '4,2') problems.push(`train-mode logits have shape [${logits.shape}], not [4, 2]`);
  logits.dispose();
  const evaluated = evalLogits(model, 4, imageSize, 7);
  if (`${evaluated.shape}` !== '4,2') problems.push(`eval-mode logits have shape [${evaluated.shape}], not [4, 2]`);
  if (!evaluated.values.every(Number.isFinite)) problems.push('eval-mode logits are not all finite');
  problems.push(...parametersWithoutGradient(model, x, labels).map((entry) => `gradient check: ${entry}`));
  tf.dispose([x, labels]);
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) problems.push(`leaves ${leaked} tensors allocated`);
  model.dispose();
  return problems;
}
