import * as tf from '@tensorflow/tfjs-core';
import { selectiveScan } from '../ops/selective-scan';
import { addScanFlops } from '../nn/macs';
import { linear } from '../nn/linear';

/** The tensors of one selective SSM (one scan direction), in matmul layout. */
export interface SsmWeights {
  /** x_proj: [d_inner, R + 2N] (PyTorch stores [R + 2N, d_inner]). */
  xProj: tf.Tensor;
  /** dt_proj weight [R, d_inner] and bias [d_inner]. */
  dtProj: tf.Tensor;
  dtBias: tf.Tensor;
  /** A_log [d_inner, N]; A = -exp(A_log). */
  aLog: tf.Tensor;
  /** Skip D [d_inner]. */
  d: tf.Tensor;
}

/**
 * The selective SSM every Mamba variant shares: x_proj gives (dt, B, C); delta =
 * softplus(dt W_dt + b_dt); y = selectiveScan(x, delta, -exp(A_log), B, C, D).
 * x: [B, L, d_inner] -> [B, L, d_inner]. No gate: callers apply SiLU(z) where their model does.
 */
export function selectiveSsm(x: tf.Tensor, w: SsmWeights): tf.Tensor3D {
  const dState = w.aLog.shape[1]!;
  const dtRank = w.dtProj.shape[0];
  const [dt, bMat, cMat] = tf.split(linear(x, w.xProj), [dtRank, dState, dState], -1);
  const delta = tf.softplus(linear(dt, w.dtProj, w.dtBias));
  const [b, l, d] = x.shape;
  addScanFlops(9 * b * l * d * dState);
  return selectiveScan(x, delta, tf.neg(tf.exp(w.aLog)), bMat, cMat, w.d);
}
