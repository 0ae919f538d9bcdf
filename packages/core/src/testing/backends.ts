import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@mambabench/random';
import { initBackend, type BackendChoice } from '../backend';
import { setActivationCheckpointing } from '../nn/activation-checkpointing';

/** The backends every numeric test runs on: the JS reference and the default fast one. */
export const TEST_BACKENDS = ['cpu', 'wasm'] as const;

export async function useBackend(name: BackendChoice): Promise<void> {
  await initBackend(name);
}

/** fn() with activation checkpointing switched on or off, restored afterwards. */
export function withCheckpointing<T>(on: boolean, fn: () => T): T {
  const previous = setActivationCheckpointing(on);
  try {
    return fn();
  } finally {
    setActivationCheckpointing(previous);
  }
}

/** Reads a tensor into a plain number array (float64) for comparisons. */
export function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync() as Float32Array);
}

/** max |a - b| / max(1, max |b|): a scale-aware error for float32 results against float64 refs. */
export function relError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  let maxDiff = 0;
  let scale = 1e-12;
  for (let i = 0; i < actual.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return maxDiff / Math.max(scale, 1e-6);
}

/** Deterministic test data, uniform in [-1, 1). */
export function randomArray(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
}
