import * as tf from '@tensorflow/tfjs-core';
import { defaultCheckpointInterval } from './scan-state-spacing';
import { getSelectiveScanKernel } from './kernel';
import type { ScanInputs } from './types';
import { validateShapes, validateSigns } from './validate';
import { readFloat32 } from '../../wasm/tensor-io';
import { selectiveScanWebGpu } from './webgpu-op';
import { heapScanApplies, selectiveScanOnHeap } from './heap-op';

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
  // On a GPU the scan runs there: reading its inputs to the host would stall every layer.
  if (tf.getBackend() === 'webgpu') return selectiveScanWebGpu(u, delta, A, Bm, C, Dskip, dims, interval);
  // Chosen once per call so forward and backward are guaranteed to use the same kernel.
  const kernel = getSelectiveScanKernel();
  // On wasm the SIMD kernel runs on the tensors in the backend's heap: no copies, batch rows on its threads.
  if (kernel.name === 'wasm-simd' && heapScanApplies(dims)) return selectiveScanOnHeap(u, delta, A, Bm, C, Dskip, dims, interval);

  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [ut, dt, at, bt, ct, st] = args as tf.Tensor[];
    const save = args[6] as tf.GradSaveFunc;
    const A32 = at.dataSync() as Float32Array;
    const D32 = st.dataSync() as Float32Array;
    const inputs = readInputs([ut, dt, bt, ct], A32, D32);
    validateSigns(inputs.delta, inputs.A);
    const { y, checkpoints } = kernel.forward(dims, inputs, interval);
    // The big inputs go back to the engine (save keeps a reference only while a tape records)
    // rather than into this closure: on wasm dataSync returns copies, which would otherwise
    // double their memory for as long as the tape lives. The closure keeps only A, Dskip and
    // the checkpoints (B * L/T * D * N doubles).
    save([ut, dt, bt, ct]);
    const { batch: B, length: L, dim: D, state: N } = dims;
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const again = readInputs(saved, A32, D32);
      const g = kernel.backward(dims, again, checkpoints, readFloat32(dy));
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

/**
 * Views on the backend's own storage where it allows (wasm heap, cpu arrays), so the big inputs
 * are not copied on their way to the kernel. Only ever read, and used before the next tfjs call
 * (which could grow and move the wasm heap): the kernels make no tfjs calls.
 */
function readInputs([u, delta, Bm, C]: tf.Tensor[], A: Float32Array, Dskip: Float32Array): ScanInputs {
  return { u: readFloat32(u), delta: readFloat32(delta), A, Bm: readFloat32(Bm), C: readFloat32(C), Dskip };
}
