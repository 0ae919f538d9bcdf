import * as tf from '@tensorflow/tfjs-core';
import { defaultCheckpointInterval } from './checkpoint';
import { getSelectiveScanKernel } from './kernel';
import type { ScanInputs } from './types';
import { validateShapes, validateSigns } from './validate';

export interface SelectiveScanOptions {
  /** Tokens between saved states; default ~sqrt(L) clamped to [16, 128]. Affects memory only. */
  checkpointInterval?: number;
}

/**
 * Mamba (S6) selective scan, y = scan(u, delta, A, Bm, C) + Dskip * u, as one tfjs op with a
 * hand-written gradient for all six inputs. Shapes: u, delta (B,L,D); A (D,N); Bm, C (B,L,N);
 * Dskip (D); returns y (B,L,D). delta must already be positive (softplus applied), A <= 0.
 *
 * The recurrence runs in a typed-array kernel (see kernel.ts), not as a per-token chain of tf
 * ops, so it works identically on every backend and never materialises the B*L*D*N states.
 */
export function selectiveScan(
  u: tf.Tensor,
  delta: tf.Tensor,
  A: tf.Tensor,
  Bm: tf.Tensor,
  C: tf.Tensor,
  Dskip: tf.Tensor,
  options: SelectiveScanOptions = {},
): tf.Tensor3D {
  const dims = validateShapes(u, delta, A, Bm, C, Dskip);
  const interval = options.checkpointInterval ?? defaultCheckpointInterval(dims.length);
  // Chosen once per call so forward and backward are guaranteed to use the same kernel.
  const kernel = getSelectiveScanKernel();

  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [ut, dt, at, bt, ct, st] = args as tf.Tensor[];
    // dataSync may return the backend's own storage (cpu): these arrays are only ever read.
    const inputs: ScanInputs = {
      u: ut.dataSync() as Float32Array,
      delta: dt.dataSync() as Float32Array,
      A: at.dataSync() as Float32Array,
      Bm: bt.dataSync() as Float32Array,
      C: ct.dataSync() as Float32Array,
      Dskip: st.dataSync() as Float32Array,
    };
    validateSigns(inputs.delta, inputs.A);
    const { y, checkpoints } = kernel.forward(dims, inputs, interval);
    const { batch: B, length: L, dim: D, state: N } = dims;
    // The closure keeps the input arrays and checkpoints (O(B*L*(D+N)) + O(B*L/T*D*N)),
    // independent of whether the caller disposes the input tensors before backward.
    const gradFunc = (dy: tf.Tensor) => {
      const g = kernel.backward(dims, inputs, checkpoints, dy.dataSync() as Float32Array);
      return [
        tf.tensor3d(g.du, [B, L, D]),
        tf.tensor3d(g.ddelta, [B, L, D]),
        tf.tensor2d(g.dA, [D, N]),
        tf.tensor3d(g.dBm, [B, L, N]),
        tf.tensor3d(g.dC, [B, L, N]),
        tf.tensor1d(g.dDskip),
      ];
    };
    return { value: tf.tensor3d(y, [B, L, D]), gradFunc };
  });
  return op(u, delta, A, Bm, C, Dskip) as tf.Tensor3D;
}
