/** Shared helpers of the transform tests: backends, seeded inputs, and leak checks. */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@mambabench/random';

/** The JS reference backend and the default fast one: every transform is checked on both. */
export const BACKENDS = ['cpu', 'wasm'] as const;

/** Seeded [b, h, w, 3] values in [0, 1). */
export function randomImages(b: number, h: number, w: number, seed: number): tf.Tensor4D {
  const rng = new Rng(seed);
  return tf.tensor4d(Float32Array.from({ length: b * h * w * 3 }, () => rng.float()), [b, h, w, 3]);
}

/** Pixel (b, y, x, c) of a flat NHWC array. */
export const at = (v: ArrayLike<number>, shape: number[], b: number, y: number, x: number, c: number) =>
  v[((b * shape[1] + y) * shape[2] + x) * shape[3] + c];

/** Runs fn and asserts it leaves exactly `kept` more tensors alive (its outputs). */
export function expectNoLeak<T>(fn: () => T, kept: number): T {
  const before = tf.memory().numTensors;
  const out = fn();
  const after = tf.memory().numTensors;
  if (after - before !== kept) throw new Error(`expected ${kept} new tensor(s), found ${after - before}`);
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
