import type * as tf from '@tensorflow/tfjs-core';
import type { ScanArray, ScanDims } from './types';

const fmt = (t: tf.Tensor) => `[${t.shape.join(', ')}]`;

function fail(msg: string): never {
  throw new Error(`selectiveScan: ${msg}`);
}

/**
 * Checks ranks, dtypes and that all shapes agree; returns (B, L, D, N).
 * Errors name the argument and its shape so a mis-wired model call is obvious.
 */
export function validateShapes(
  u: tf.Tensor,
  delta: tf.Tensor,
  A: tf.Tensor,
  Bm: tf.Tensor,
  C: tf.Tensor,
  Dskip: tf.Tensor,
): ScanDims {
  const named: Array<[string, tf.Tensor]> = [
    ['u', u], ['delta', delta], ['A', A], ['Bm', Bm], ['C', C], ['Dskip', Dskip],
  ];
  for (const [name, t] of named) {
    if (t.dtype !== 'float32') fail(`${name} must be float32, got ${t.dtype} (shape ${fmt(t)})`);
  }
  if (u.rank !== 3) fail(`u must have shape (B, L, D), got ${fmt(u)}`);
  const [batch, length, dim] = u.shape as [number, number, number];
  if (A.rank !== 2 || A.shape[0] !== dim) {
    fail(`A must have shape (D, N) with D = ${dim} (from u ${fmt(u)}), got ${fmt(A)}`);
  }
  const state = A.shape[1] as number;
  const same = (name: string, t: tf.Tensor, want: number[], what: string) => {
    if (t.rank !== want.length || t.shape.some((s, i) => s !== want[i])) {
      fail(`${name} must have shape ${what} = [${want.join(', ')}] (u ${fmt(u)}, A ${fmt(A)}), got ${fmt(t)}`);
    }
  };
  same('delta', delta, [batch, length, dim], '(B, L, D)');
  same('Bm', Bm, [batch, length, state], '(B, L, N)');
  same('C', C, [batch, length, state], '(B, L, N)');
  same('Dskip', Dskip, [dim], '(D)');
  return { batch, length, dim, state };
}

/** Index of the first value < 0, or -1 (-0 and NaN pass). */
export function firstNegative(values: ScanArray): number {
  for (let i = 0; i < values.length; i++) if (values[i] < 0) return i;
  return -1;
}

/**
 * The decay exp(delta * A) is only safe (<= 1, no overflow) when delta * A <= 0. Rather than
 * clamp silently we reject inputs that break the contract: delta is a softplus output (>= 0)
 * and A = -exp(A_log) (< 0). NaNs are not rejected here; they propagate like in any other op.
 * `findNegative` looks for delta's first negative (the wasm op searches the heap in SIMD).
 */
export function validateSigns(delta: ScanArray, A: ScanArray, findNegative: (delta: ScanArray) => number = firstNegative): void {
  for (let i = 0; i < A.length; i++) {
    if (A[i] > 0) fail(`A must be <= 0 (A = -exp(A_log)); A[${i}] = ${A[i]}`);
  }
  const i = findNegative(delta);
  if (i >= 0) fail(`delta must be >= 0 (apply softplus first); delta[${i}] = ${delta[i]}`);
}
