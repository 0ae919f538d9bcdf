import * as tf from '@tensorflow/tfjs-core';
import type { Module } from '../nn/module';
import type { AdamW } from '../optim/adamw';
import { crossEntropy, softCrossEntropy } from './loss';

/**
 * What one train step leaves behind. Both numbers stay on the device: on webgpu a synchronous
 * read throws and every read waits for the GPU to drain its queue, so the caller decides when
 * to read (StepMeter reads many steps at once). The caller owns and disposes both tensors.
 */
// A type, not an interface, so it is a tf.TensorContainer: a tf.tidy can return it.
export type StepResult = {
  /** Mean loss of the batch, float32 scalar. */
  loss: tf.Scalar;
  /** Correctly classified images of the batch, int32 scalar. */
  correct: tf.Scalar;
  /** Images in the batch (known on the host). */
  count: number;
};

/**
 * One optimisation step: forward, cross-entropy, backward, AdamW update. Every intermediate
 * tensor is released before returning (asserted by the leak test), and nothing is read back.
 * `targets` are integer labels [B] or soft targets [B, K] (mixup / label smoothing).
 * `accumulate` > 1 runs forward and backward on that many equal slices of the batch in turn and
 * sums their gradients (of each slice's mean loss / accumulate) before the one update: gradient
 * accumulation, the same effective batch with about 1/accumulate of the activation memory.
 * BatchNorm then sees each slice's statistics, as with any accumulation.
 */
export function trainStep(
  model: Module,
  optimizer: AdamW,
  x: tf.Tensor,
  labels: tf.Tensor1D,
  targets: tf.Tensor = labels,
  clipNorm?: number,
  accumulate = 1,
): StepResult {
  if (accumulate !== 1) return accumulatedTrainStep(model, optimizer, x, labels, targets, clipNorm, accumulate);
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
  const correct = countCorrect(logits!, labels);
  tf.dispose([logits!, ...ordered, ...clipped]);
  return { loss: value as tf.Scalar, correct, count: labels.shape[0] };
}

function accumulatedTrainStep(
  model: Module, optimizer: AdamW, x: tf.Tensor, labels: tf.Tensor1D, targets: tf.Tensor, clipNorm: number | undefined, accumulate: number,
): StepResult {
  const batch = labels.shape[0];
  if (!Number.isInteger(accumulate) || accumulate < 1 || batch % accumulate !== 0) {
    throw new Error(`trainStep: accumulate must be a whole divisor of the batch (${batch}), got ${accumulate}`);
  }
  model.train();
  const variables = model.trainableVariables();
  const size = batch / accumulate;
  let summed: tf.Tensor[] = [];
  let loss: tf.Scalar | null = null;
  let correct: tf.Scalar | null = null;
  for (let k = 0; k < accumulate; k++) {
    const slice = <T extends tf.Tensor>(t: T) => tf.slice(t, [k * size], [size]) as T;
    const xs = slice(x);
    const ys = slice(labels);
    const ts = targets === labels ? null : slice(targets);
    let logits: tf.Tensor | null = null;
    // Each slice's mean loss / accumulate: the gradients then sum to those of the batch's mean loss.
    const { value, grads } = tf.variableGrads(() => {
      logits = tf.keep(model.forward(xs));
      return tf.div(ts ? softCrossEntropy(logits, ts) : crossEntropy(logits, ys), accumulate) as tf.Scalar;
    }, variables);
    const ordered = variables.map((v) => grads[v.name]);
    const sliceCorrect = countCorrect(logits!, ys);
    tf.dispose([xs, ys, ...(ts ? [ts] : []), logits!]);
    if (k === 0) {
      [summed, loss, correct] = [ordered, value, sliceCorrect];
      continue;
    }
    const next = tf.tidy(() => ({
      grads: ordered.map((g, i) => tf.add(summed[i], g)), loss: tf.add(loss!, value) as tf.Scalar, correct: tf.add(correct!, sliceCorrect) as tf.Scalar,
    }));
    tf.dispose([...summed, loss!, correct!, ...ordered, value, sliceCorrect]);
    [summed, loss, correct] = [next.grads, next.loss, next.correct];
  }
  const clipped = clipNorm ? clipByGlobalNorm(summed, clipNorm) : summed;
  optimizer.applyGradients(clipped);
  tf.dispose([...summed, ...clipped]);
  return { loss: loss!, correct: correct!, count: batch };
}

/**
 * torch.nn.utils.clip_grad_norm_: scale all gradients so their global L2 norm is <= maxNorm.
 * The scale min(1, maxNorm / (norm + 1e-6)) is computed as a tensor, so no value leaves the device.
 */
export function clipByGlobalNorm(grads: tf.Tensor[], maxNorm: number): tf.Tensor[] {
  return tf.tidy(() => {
    // stack + sum, not addN: webgpu's AddN binds every input at once and fails beyond the
    // adapter's storage-buffer limit (8 to 16), while its concat splits long input lists.
    const norm = tf.sqrt(tf.sum(tf.stack(grads.map((g) => tf.sum(tf.square(g))))));
    const scale = tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-6)));
    return grads.map((g) => tf.mul(g, scale));
  });
}

/** Images whose arg-max logit is their label, as an int32 scalar on the device. */
export function countCorrect(logits: tf.Tensor, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), tf.cast(labels, 'int32')), 'int32')) as tf.Scalar);
}

export interface EvalResult {
  loss: number;
  correct: number;
  count: number;
  /** Softmax probabilities [count, K] in input order, for the report's DR metrics. */
  probabilities: Float32Array;
}

/**
 * Evaluates in eval mode over batches produced by `batches`, summing loss per example. Each
 * batch's softmax, mean loss and correct count stay on the device; they are read in one go at
 * the end (three reads started together), so the GPU runs the whole split without a stall.
 * The per-batch mean losses are summed on the host in float64, as before the reads moved.
 */
export async function evaluate(
  model: Module,
  batches: Iterable<{ x: tf.Tensor; y: tf.Tensor1D }>,
  numClasses: number,
): Promise<EvalResult> {
  model.eval();
  const probs: tf.Tensor[] = [];
  const losses: tf.Scalar[] = [];
  const corrects: tf.Scalar[] = [];
  const sizes: number[] = [];
  let packed: tf.Tensor[] = [];
  try {
    for (const { x, y } of batches) {
      try {
        const batch = tf.tidy(() => {
          const logits = model.forward(x);
          if (logits.shape[logits.rank - 1] !== numClasses) throw new Error('evaluate: model output width != numClasses');
          return { loss: crossEntropy(logits, y), correct: countCorrect(logits, y), probs: tf.softmax(logits) };
        });
        losses.push(batch.loss);
        corrects.push(batch.correct);
        probs.push(batch.probs);
        sizes.push(y.shape[0]);
      } finally {
        tf.dispose([x, y]);
      }
    }
    const count = sizes.reduce((a, b) => a + b, 0);
    if (count === 0) return { loss: NaN, correct: 0, count: 0, probabilities: new Float32Array(0) };
    packed = tf.tidy(() => [tf.concat(probs.map((p) => tf.reshape(p, [-1]))), tf.stack(losses), tf.stack(corrects)]);
    const [p, l, c] = await Promise.all(packed.map((t) => t.data()));
    let lossSum = 0;
    let correct = 0;
    sizes.forEach((n, i) => {
      lossSum += l[i] * n;
      correct += c[i];
    });
    return { loss: lossSum / count, correct, count, probabilities: p as Float32Array };
  } finally {
    model.train();
    tf.dispose([...probs, ...losses, ...corrects, ...packed]);
  }
}
