import * as tf from '@tensorflow/tfjs-core';

/**
 * Peak tensor memory: the bytes of the live tensor buffers on the backend, every tensor and
 * variable included (the analogue of GPU memory). Counted per buffer, not per tensor: tfjs's own
 * tf.memory().numBytes adds a tensor's size for every tensor object, so a reshape view or a
 * clone that shares its input's buffer (free on cpu and, with our Identity override, on wasm)
 * would count twice. tf.profile also reports a peak, per tensor, and reads every kernel's output
 * back to check for NaNs, which slows a train step several-fold. Instead we wrap the engine's two
 * bookkeeping hooks that every buffer passes through: trackTensor (a tensor made; its buffer is
 * new if the engine has no record of it yet) and removeDataId (a buffer freed).
 */
interface TensorInfoRecord {
  bytes: number;
}
interface EngineInternals {
  state: { numBytes: number; tensorInfo: WeakMap<object, TensorInfoRecord> };
  trackTensor: (a: { dataId: object }, ...rest: unknown[]) => void;
  removeDataId: (dataId: object, ...rest: unknown[]) => void;
}

let liveBytes = 0;
let peakBytes = 0;
let installed = false;

function install() {
  if (installed) return;
  const engine = tf.engine() as unknown as EngineInternals;
  const { trackTensor, removeDataId } = engine;
  if (typeof trackTensor !== 'function' || typeof removeDataId !== 'function' || !(engine.state?.tensorInfo instanceof WeakMap)) {
    throw new Error('memory: the tfjs engine internals changed; peak tracking needs trackTensor, removeDataId and state.tensorInfo');
  }
  // Buffers made before this point are not enumerable (a WeakMap); start from tfjs's count,
  // exact when they share nothing. The core package installs this at import, before any tensor.
  liveBytes = engine.state.numBytes;
  peakBytes = liveBytes;
  engine.trackTensor = function (this: EngineInternals, a, ...rest) {
    const known = this.state.tensorInfo.has(a.dataId);
    trackTensor.call(this, a, ...rest);
    if (known) return;
    liveBytes += this.state.tensorInfo.get(a.dataId)?.bytes ?? 0;
    if (liveBytes > peakBytes) peakBytes = liveBytes;
  };
  engine.removeDataId = function (this: EngineInternals, dataId, ...rest) {
    liveBytes -= this.state.tensorInfo.get(dataId)?.bytes ?? 0;
    removeDataId.call(this, dataId, ...rest);
  };
  installed = true;
}
install();

/** Bytes of the tensor buffers alive now (each shared buffer once). */
export function liveTensorBytes(): number {
  install();
  return liveBytes;
}

/** Starts a new measurement window at the current live tensor bytes. */
export function resetPeakTensorBytes(): void {
  install();
  peakBytes = liveBytes;
}

/** Highest live tensor bytes seen since the last reset. */
export function peakTensorBytes(): number {
  install();
  return Math.max(peakBytes, liveBytes);
}

/** Process peak resident set size in bytes (includes JS typed arrays and the wasm heap). */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export const MB = 1024 * 1024;
