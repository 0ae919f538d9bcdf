import * as tf from '@tensorflow/tfjs-core';

/**
 * Peak tensor memory as the tfjs engine counts it (every live tensor and variable on the
 * backend, the analogue of GPU memory). tf.profile also reports a peak, but it reads every
 * kernel's output back to check for NaNs, which slows a train step several-fold; instead we
 * wrap the engine's one bookkeeping hook that every new tensor passes through.
 */
interface EngineInternals {
  state: { numBytes: number };
  trackTensor: (...args: unknown[]) => void;
}

let peakBytes = 0;
let installed = false;

function install() {
  if (installed) return;
  const engine = tf.engine() as unknown as EngineInternals;
  const original = engine.trackTensor;
  if (typeof original !== 'function' || typeof engine.state?.numBytes !== 'number') {
    throw new Error('memory: the tfjs engine internals changed; peak tracking needs trackTensor and state.numBytes');
  }
  engine.trackTensor = function (this: EngineInternals, ...args: unknown[]) {
    original.apply(this, args);
    if (this.state.numBytes > peakBytes) peakBytes = this.state.numBytes;
  };
  installed = true;
}

/** Starts a new measurement window at the current tensor bytes. */
export function resetPeakTensorBytes(): void {
  install();
  peakBytes = tf.memory().numBytes;
}

/** Highest tensor bytes seen since the last reset. */
export function peakTensorBytes(): number {
  install();
  return Math.max(peakBytes, tf.memory().numBytes);
}

/** Process peak resident set size in bytes (includes JS typed arrays and the wasm heap). */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export const MB = 1024 * 1024;
