/**
 * Test-only float64 reference of the selective scan, written as plainly as possible (full state,
 * straight loops from the formula) so the optimised kernels can be judged against it, and
 * central finite differences on it for gradient checks. Not exported from index.ts.
 */
import type { ScanDims } from './types';

export interface Inputs64 {
  u: Float64Array;
  delta: Float64Array;
  A: Float64Array;
  Bm: Float64Array;
  C: Float64Array;
  Dskip: Float64Array;
}

export const INPUT_NAMES = ['u', 'delta', 'A', 'Bm', 'C', 'Dskip'] as const;
export type InputName = (typeof INPUT_NAMES)[number];

export function referenceScan64(dims: ScanDims, x: Inputs64): Float64Array {
  const { batch: B, length: L, dim: D, state: N } = dims;
  const y = new Float64Array(B * L * D);
  for (let b = 0; b < B; b++) {
    const h = new Float64Array(D * N);
    for (let t = 0; t < L; t++) {
      for (let d = 0; d < D; d++) {
        const i = (b * L + t) * D + d;
        let sum = 0;
        for (let n = 0; n < N; n++) {
          const j = (b * L + t) * N + n;
          const a = Math.exp(x.delta[i] * x.A[d * N + n]);
          h[d * N + n] = a * h[d * N + n] + x.delta[i] * x.u[i] * x.Bm[j];
          sum += h[d * N + n] * x.C[j];
        }
        y[i] = sum + x.Dskip[d] * x.u[i];
      }
    }
  }
  return y;
}

/** Scalar loss sum(y * w), whose gradient w.r.t. y is w. */
export function referenceLoss64(dims: ScanDims, x: Inputs64, w: ArrayLike<number>): number {
  const y = referenceScan64(dims, x);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] * w[i];
  return s;
}

/** Central differences of referenceLoss64 w.r.t. every element of input `name`. */
export function finiteDiffGrad64(
  dims: ScanDims,
  x: Inputs64,
  w: ArrayLike<number>,
  name: InputName,
  eps = 1e-6,
): Float64Array {
  const arr = x[name];
  const g = new Float64Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const orig = arr[i];
    arr[i] = orig + eps;
    const plus = referenceLoss64(dims, x, w);
    arr[i] = orig - eps;
    const minus = referenceLoss64(dims, x, w);
    arr[i] = orig;
    g[i] = (plus - minus) / (2 * eps);
  }
  return g;
}

/** max |a - b| / max |b|: a scale-aware error that tolerates tiny entries of b. */
export function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return den === 0 ? num : num / den;
}
