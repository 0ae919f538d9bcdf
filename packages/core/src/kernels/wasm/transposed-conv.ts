import * as tf from '@tensorflow/tfjs-core';
import type { backend_util } from '@tensorflow/tfjs-core';
import { cropAndPad, type ExplicitPad } from './conv-geometry';

/**
 * One output phase along one spatial axis of a transposed convolution. With stride s, the input
 * gradient rows i = b*s + rho (fixed rho) only receive filter taps k with k ≡ (rho + padBefore)
 * (mod s); for those rows the transposed conv is an ordinary stride-1 conv of dy with that
 * subset of taps, flipped. Splitting into s phases per axis skips the (s-1)/s zeros that the
 * textbook "dilate dy, then convolve" form multiplies through (3/4 of the work at stride 2).
 */
interface AxisPhase {
  /** Filter tap indices of this phase in convolution order (i.e. already flipped). */
  taps: number[];
  /** Rows of dy padding (negative: cropping) before and after, for a 'valid' conv. */
  before: number;
  after: number;
}

interface AxisPlan {
  phases: AxisPhase[];
  /** Output length of every phase; phases * blocks >= the input-gradient length. */
  blocks: number;
  dilation: number;
}

/**
 * dx[i] = sum over (y, k) with y*stride + k*dilation - padBefore = i of dy[y] * w[k].
 * tfjs forbids stride > 1 together with dilation > 1, so a strided axis has dilation 1 and an
 * unstrided one is a single phase whose conv keeps the dilation.
 */
function planAxis(inLen: number, outLen: number, filter: number, stride: number, dilation: number, padBefore: number): AxisPlan {
  const blocks = Math.ceil(inLen / stride);
  const phases: AxisPhase[] = [];
  for (let rho = 0; rho < stride; rho++) {
    const r = (rho + padBefore) % stride;
    const q = Math.floor((rho + padBefore) / stride);
    const count = Math.max(Math.ceil((filter - r) / stride), 0);
    const taps = Array.from({ length: count }, (_, v) => r + (count - 1 - v) * stride);
    phases.push({ taps, before: (count - 1) * dilation - q, after: blocks + q - outLen });
  }
  return { phases, blocks, dilation };
}

/**
 * Runs one phase: a stride-1 'valid' conv of (padded) dy with the given filter taps.
 * Returns [N, blocksH, blocksW, channels].
 */
export type PhaseConv = (
  dy: tf.Tensor4D,
  rows: tf.Tensor1D,
  cols: tf.Tensor1D,
  pad: ExplicitPad,
  dilations: [number, number],
) => tf.Tensor4D;

/**
 * The input gradient of a (depthwise) conv with geometry `info`, built from one forward conv
 * per output phase. `outChannels` is the channel count each phase conv returns. Call inside
 * tf.tidy: intermediates are left to the caller's scope.
 */
export function transposedConv(
  dy: tf.Tensor4D,
  info: backend_util.Conv2DInfo,
  outChannels: number,
  phaseConv: PhaseConv,
): tf.Tensor4D {
  const { inHeight, inWidth, outHeight, outWidth, padInfo } = info;
  const rowsPlan = planAxis(inHeight, outHeight, info.filterHeight, info.strideHeight, info.dilationHeight, padInfo.top);
  const colsPlan = planAxis(inWidth, outWidth, info.filterWidth, info.strideWidth, info.dilationWidth, padInfo.left);
  const n = dy.shape[0];
  const outputs: tf.Tensor4D[] = [];
  for (const ph of rowsPlan.phases) {
    for (const pw of colsPlan.phases) {
      if (ph.taps.length === 0 || pw.taps.length === 0) {
        // A filter smaller than the stride leaves these phases without taps: their gradient is 0.
        outputs.push(tf.zeros([n, rowsPlan.blocks, colsPlan.blocks, outChannels]));
        continue;
      }
      const operand = cropAndPad(dy, ph.before, ph.after, pw.before, pw.after);
      const rows = tf.tensor1d(ph.taps, 'int32');
      const cols = tf.tensor1d(pw.taps, 'int32');
      outputs.push(phaseConv(operand.x, rows, cols, operand.pad, [rowsPlan.dilation, colsPlan.dilation]));
    }
  }
  const sH = info.strideHeight;
  const sW = info.strideWidth;
  let dx = outputs[0];
  if (outputs.length > 1) {
    // Phase (rho, sigma) block (b, c) lands at row b*sH + rho, column c*sW + sigma.
    const { blocks: bH } = rowsPlan;
    const { blocks: bW } = colsPlan;
    const stacked = tf.reshape(tf.stack(outputs), [sH, sW, n, bH, bW, outChannels]);
    const interleaved = tf.transpose(stacked, [2, 3, 0, 4, 1, 5]);
    dx = tf.reshape(interleaved, [n, bH * sH, bW * sW, outChannels]);
  }
  if (dx.shape[1] !== inHeight || dx.shape[2] !== inWidth) {
    dx = tf.slice(dx, [0, 0, 0, 0], [n, inHeight, inWidth, outChannels]);
  }
  return dx;
}
