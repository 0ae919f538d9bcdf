import * as tf from '@tensorflow/tfjs-core';
import type { Module } from './module';

/**
 * Activation checkpointing, as torch.utils.checkpoint: a checkpointed module keeps only its input
 * for the backward pass and runs its forward again there, under a nested tf.grads, to get the
 * gradients of its input and its trainable variables. tfjs's tape otherwise keeps every tensor
 * each op saves for its gradient until the step ends, so a Mamba layer over the 224-px stem's
 * 12,544 tokens holds dozens of (B, L, 2*dim) tensors. Costs one extra forward per checkpointed
 * module. Off unless enabled (MAMBABENCH_CHECKPOINT=1, or setActivationCheckpointing(true)).
 */
let enabled = ['1', 'true'].includes(process.env.MAMBABENCH_CHECKPOINT ?? '');
let recomputeDepth = 0;

export function setActivationCheckpointing(on: boolean): boolean {
  const previous = enabled;
  enabled = on;
  return previous;
}

export function activationCheckpointing(): boolean {
  return enabled;
}

/** True while a checkpointed forward is being re-run for its gradient: stateful layers (batch norm's running statistics) must not update twice. */
export function isRecomputing(): boolean {
  return recomputeDepth > 0;
}

/** module.forward(x), checkpointed when enabled and training; the module's forward must be deterministic (no dropout). */
export function checkpointed(module: Module, x: tf.Tensor): tf.Tensor {
  if (!module.training) return module.forward(x);
  return checkpoint((xx) => module.forward(xx), [x], module.trainableVariables());
}

/**
 * fn(...inputs), checkpointed when enabled: only the inputs are kept for the backward pass, where
 * fn runs again under a nested tf.grads. `variables` must be exactly the trainable variables fn
 * reads (each must reach the output). Lets a module checkpoint parts of its forward, as Mamba does
 * its three branches: tfjs's backward keeps every intermediate gradient until the step ends, so
 * the peak of one un-checkpointed segment is about twice its saved activations.
 */
export function checkpoint(
  fn: (...inputs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], variables: tf.Variable[],
): tf.Tensor {
  if (!enabled) return fn(...inputs);
  const n = inputs.length;
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const xs = args.slice(0, n) as tf.Tensor[];
    const save = args[args.length - 1] as tf.GradSaveFunc;
    // Ops inside a custom op's forward are not taped, so only the inputs outlive this call.
    const value = fn(...xs);
    save(xs);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      // This runs inside the outer backward pass, after its tape closed (gradient depth 0), so
      // tfjs 4.22's engine would start the nested tf.grads on a fresh tape and, when done, drop
      // the outer tape (then crash disposing it). Keep the outer tape and put it back.
      const state = (tf.engine() as unknown as { state: { activeTape: unknown } }).state;
      const outerTape = state.activeTape;
      recomputeDepth++;
      try {
        // Variables are tensors: tf.grads differentiates through fn's own uses of them.
        return tf.grads((...again: tf.Tensor[]) => fn(...again.slice(0, n)))([...saved, ...variables], dy);
      } finally {
        recomputeDepth--;
        state.activeTape = outerTape;
      }
    };
    return { value, gradFunc };
  });
  return op(...inputs, ...variables);
}
