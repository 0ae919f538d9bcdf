import type { WasmHeapBackend } from '../../wasm/tensor-io';
import * as tf from '@tensorflow/tfjs-core';
import type { backend_util } from '@tensorflow/tfjs-core';
import { cropAndPad, type ExplicitPad } from './conv-geometry';
import { scatterRuns } from './heap-runs';
import { wasmHeapOf } from '../../wasm/heap-module';

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
 * Runs one phase: a stride-1 'valid' conv of (padded) dy with `taps` filter taps, given as rows
 * of a [tapRows * tapCols, channels...] matrix in conv order. Returns [N, blocksH, blocksW, C].
 */
export type PhaseConv = (
  dy: tf.Tensor4D,
  taps: tf.Tensor2D,
  tapRows: number,
  tapCols: number,
  pad: ExplicitPad,
  dilations: [number, number],
) => tf.Tensor4D;

/**
 * Picks filter taps (rows of `flatFilter`) into a new tensor, one row copy each, straight
 * between the wasm heap views. (A product with a one-hot selection matrix did this before, a
 * noticeable cost in each stride-2 input gradient of a 3x3 128->128 conv, as each phase packed
 * the filter anew; wasm's Gather copies its whole input out of the heap first.)
 */
function selectTaps(flatFilter: tf.Tensor2D, indices: number[]): tf.Tensor2D {
  const cols = flatFilter.shape[1];
  const backend = tf.backend() as unknown as WasmHeapBackend;
  const out = backend.makeOutput([indices.length, cols], 'float32');
  // Views taken after makeOutput, which may grow (and so replace) the heap's buffer.
  const src = backend.typedArrayFromHeap(flatFilter);
  const dst = backend.typedArrayFromHeap(out);
  indices.forEach((k, row) => dst.set(src.subarray(k * cols, (k + 1) * cols), row * cols));
  return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor2D;
}

/**
 * The input gradient of a (depthwise) conv with geometry `info`, built from one forward conv
 * per output phase. `flatFilter` is the filter as [fH * fW, ...channels], laid out as the phase
 * convs want it; `outChannels` is the channel count they return. Call inside tf.tidy:
 * intermediates are left to the caller's scope.
 */
export function transposedConv(
  dy: tf.Tensor4D,
  info: backend_util.Conv2DInfo,
  flatFilter: tf.Tensor2D,
  outChannels: number,
  phaseConv: PhaseConv,
): tf.Tensor4D {
  const { inHeight, inWidth, outHeight, outWidth, padInfo } = info;
  const rowsPlan = planAxis(inHeight, outHeight, info.filterHeight, info.strideHeight, info.dilationHeight, padInfo.top);
  const colsPlan = planAxis(inWidth, outWidth, info.filterWidth, info.strideWidth, info.dilationWidth, padInfo.left);
  const n = dy.shape[0];
  const sH = info.strideHeight;
  const sW = info.strideWidth;
  const outputs: tf.Tensor4D[] = [];
  for (const ph of rowsPlan.phases) {
    for (const pw of colsPlan.phases) {
      const rowsKept = outHeight + Math.min(ph.before, 0) + Math.min(ph.after, 0);
      const colsKept = outWidth + Math.min(pw.before, 0) + Math.min(pw.after, 0);
      if (ph.taps.length === 0 || pw.taps.length === 0 || rowsKept <= 0 || colsKept <= 0) {
        // A filter smaller than the stride leaves phases without taps, and padding wider than a
        // filter leaves some without any dy: their gradient is 0.
        outputs.push(tf.zeros([n, rowsPlan.blocks, colsPlan.blocks, outChannels]));
        continue;
      }
      const operand = cropAndPad(dy, ph.before, ph.after, pw.before, pw.after);
      const indices = ph.taps.flatMap((kh) => pw.taps.map((kw) => kh * info.filterWidth + kw));
      const taps = selectTaps(flatFilter, indices);
      const dilations: [number, number] = [rowsPlan.dilation, colsPlan.dilation];
      outputs.push(phaseConv(operand.x, taps, ph.taps.length, pw.taps.length, operand.pad, dilations));
    }
  }
  let dx = outputs.length === 1 ? outputs[0] : interleave(outputs, sH, sW);
  if (dx.shape[1] !== inHeight || dx.shape[2] !== inWidth) {
    dx = tf.slice(dx, [0, 0, 0, 0], [n, inHeight, inWidth, outChannels]);
  }
  return dx;
}

/**
 * Phase (rho, sigma) block (b, c) lands at row b*sH + rho, column c*sW + sigma: each phase's
 * pixels (runs of C floats) are copied straight to their places in the heap. (Stacking the
 * phases and moving them with two transposes copied everything three times and was slower; the
 * copies still cost a good part of a 3x3 stride-2 input gradient beside its four phase convs:
 * the wasm-kernels bench's stride-2 dx column.)
 */
function interleave(phases: tf.Tensor4D[], sH: number, sW: number): tf.Tensor4D {
  const [n, bH, bW, c] = phases[0].shape;
  const backend = tf.backend() as unknown as WasmHeapBackend;
  const out = backend.makeOutput([n, bH * sH, bW * sW, c], 'float32');
  const pixel = c * 4;
  const row = bW * sW * pixel;
  phases.forEach((phase, p) => {
    const rho = Math.floor(p / sW);
    const sigma = p % sW;
    // Views taken per phase: makeOutput above was the last call that may move the heap.
    const src = backend.typedArrayFromHeap(phase);
    const dst = backend.typedArrayFromHeap(out);
    scatterRuns(wasmHeapOf(backend), src.byteOffset, {
      strides: [bH * sH * row, sH * row, sW * pixel],
      sizes: [n, bH, bW],
      first: dst.byteOffset + rho * row + sigma * pixel,
      runBytes: pixel,
    });
  });
  return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor4D;
}
