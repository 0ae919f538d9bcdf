/**
 * Shared helpers for the wasm kernel tests (not a test file): run one computation on a named
 * backend, compare against the pure-JS cpu backend, and enumerate conv geometries.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export type Pad = 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];

export interface ConvCase {
  x: [number, number, number, number];
  filter: [number, number];
  /** Output channels (dense) or channel multiplier (depthwise). */
  out: number;
  strides: [number, number];
  pad: Pad;
  dilations?: [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Deterministic values in [-1, 1): both backends must see identical inputs. */
export function randomValues(size: number, seed: number): Float32Array {
  let s = (seed * 2654435761) >>> 0 || 1;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    out[i] = (s / 4294967296) * 2 - 1;
  }
  return out;
}

export function randomTensor(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(randomValues(shape.reduce((a, b) => a * b, 1), seed), shape);
}

/**
 * Runs fn on `backend` inside a tidy and returns its outputs' values plus how many tensors it
 * left behind (0 means no leak, intermediates of the kernels included).
 */
export async function runOn(
  backend: 'cpu' | 'wasm',
  fn: () => tf.Tensor | tf.Tensor[],
): Promise<{ values: Float32Array[]; leaked: number }> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const outs = tf.tidy(fn);
  const list = Array.isArray(outs) ? outs : [outs];
  const values = list.map((t) => t.dataSync() as Float32Array);
  tf.dispose(list);
  return { values, leaked: tf.memory().numTensors - before };
}

/** max |a - b| relative to the magnitude of the reference b. */
export function relError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < actual.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / scale;
}

/** Runs fn on cpu and on wasm; returns the worst relative error and the wasm leak count. */
export async function compareWithCpu(fn: () => tf.Tensor | tf.Tensor[]): Promise<{ error: number; leaked: number }> {
  const cpu = await runOn('cpu', fn);
  const wasm = await runOn('wasm', fn);
  const error = Math.max(...cpu.values.map((ref, i) => relError(wasm.values[i], ref)));
  return { error, leaked: wasm.leaked };
}

/** Conv geometries: strides 1-3 (mixed too), every padding form, odd sizes, batch > 1. */
export const CONV_CASES: ConvCase[] = [
  { x: [2, 7, 6, 3], filter: [3, 3], out: 4, strides: [1, 1], pad: 'same' },
  { x: [2, 7, 6, 3], filter: [3, 3], out: 4, strides: [2, 2], pad: 'same' },
  { x: [3, 9, 11, 2], filter: [3, 3], out: 5, strides: [3, 3], pad: 'same' },
  { x: [1, 9, 8, 2], filter: [3, 3], out: 5, strides: [3, 3], pad: 'valid' },
  { x: [2, 11, 11, 3], filter: [3, 3], out: 3, strides: [2, 2], pad: 'valid' },
  { x: [2, 8, 8, 3], filter: [2, 2], out: 2, strides: [2, 2], pad: 1 },
  { x: [2, 9, 7, 2], filter: [4, 4], out: 3, strides: [2, 2], pad: 'same' },
  { x: [1, 10, 10, 2], filter: [3, 3], out: 2, strides: [2, 2], pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
  { x: [2, 8, 8, 3], filter: [3, 3], out: 4, strides: [2, 2], pad: [[0, 0], [1, 1], [1, 1], [0, 0]] },
  { x: [2, 7, 9, 2], filter: [3, 1], out: 3, strides: [2, 1], pad: [[0, 0], [1, 1], [0, 0], [0, 0]] },
  { x: [1, 5, 5, 2], filter: [1, 1], out: 2, strides: [2, 2], pad: 'valid' },
  { x: [2, 5, 6, 3], filter: [1, 1], out: 4, strides: [1, 1], pad: 'valid' },
  { x: [3, 4, 4, 8], filter: [1, 1], out: 5, strides: [1, 1], pad: 'same' },
  { x: [2, 6, 5, 3], filter: [1, 1], out: 2, strides: [3, 2], pad: 'same' },
  { x: [2, 8, 6, 4], filter: [1, 1], out: 3, strides: [2, 2], pad: 'same' },
  { x: [2, 7, 8, 3], filter: [1, 1], out: 5, strides: [2, 3], pad: 'valid' },
  { x: [2, 7, 7, 2], filter: [5, 5], out: 2, strides: [1, 1], pad: 'valid' },
  { x: [1, 4, 4, 2], filter: [3, 3], out: 2, strides: [1, 1], pad: [[0, 0], [4, 0], [0, 4], [0, 0]] },
  { x: [2, 9, 9, 2], filter: [3, 3], out: 2, strides: [2, 2], pad: 1, dimRoundingMode: 'floor' },
  { x: [1, 1, 12, 4], filter: [1, 4], out: 4, strides: [1, 1], pad: [[0, 0], [0, 0], [3, 0], [0, 0]] },
  // C_in % 4 == 0 and C_out % 8 == 0: the outer-product filter gradient (conv-filter-grad-outer.ts):
  // 1x1 strided (odd sizes, mixed strides) and not, taps that fall off every border, padding
  // wider than the filter, a 5x3 filter with unequal strides.
  { x: [4, 16, 18, 4], filter: [1, 1], out: 8, strides: [1, 1], pad: 'valid' },
  { x: [2, 7, 6, 8], filter: [1, 1], out: 16, strides: [2, 2], pad: 'valid' },
  { x: [2, 9, 8, 12], filter: [1, 1], out: 8, strides: [3, 2], pad: 'same' },
  { x: [2, 9, 7, 4], filter: [3, 3], out: 8, strides: [1, 1], pad: 'same' },
  { x: [2, 9, 8, 8], filter: [3, 3], out: 8, strides: [2, 2], pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
  { x: [1, 10, 11, 4], filter: [5, 3], out: 16, strides: [3, 2], pad: 'valid' },
  { x: [2, 4, 4, 4], filter: [3, 3], out: 8, strides: [1, 1], pad: [[0, 0], [4, 0], [0, 4], [0, 0]] },
];

/**
 * Seeded random geometries on top of the hand-picked ones: sizes 1-12, filters 1-4, strides 1-3,
 * every padding form (numbers with a rounding mode, since they may not divide evenly).
 */
function randomConvCases(count: number, seed: number): ConvCase[] {
  const r = randomValues(count * 16, seed);
  let i = 0;
  const int = (lo: number, hi: number) => lo + Math.floor(((r[i++] + 1) / 2) * (hi - lo + 1));
  const cases: ConvCase[] = [];
  while (cases.length < count && i + 12 <= r.length) {
    const x: ConvCase['x'] = [int(1, 3), int(1, 12), int(1, 12), int(1, 5)];
    const filter: [number, number] = [int(1, 4), int(1, 4)];
    const strides: [number, number] = [int(1, 3), int(1, 3)];
    const form = int(0, 3);
    const pad: Pad = form === 0 ? 'same' : form === 1 ? 'valid' : form === 2 ? int(0, 2)
      : [[0, 0], [int(0, 3), int(0, 3)], [int(0, 3), int(0, 3)], [0, 0]];
    const c: ConvCase = { x, filter, out: int(1, 4), strides, pad, dimRoundingMode: form === 2 ? 'ceil' : undefined };
    const info = tf.backend_util.computeConv2DInfo(x, [...filter, x[3], c.out], strides, 1, pad, c.dimRoundingMode);
    if (info.outHeight > 0 && info.outWidth > 0) cases.push(c);
  }
  return cases;
}

CONV_CASES.push(...randomConvCases(12, 7));

/** The conv geometry of a case (its filter: the case's taps, x's channels in, `out` out). */
export function convInfo(c: ConvCase): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(c.x, [c.filter[0], c.filter[1], c.x[3], c.out], c.strides, 1, c.pad, c.dimRoundingMode);
}

export function describeCase(c: ConvCase): string {
  const pad = Array.isArray(c.pad) ? `[${c.pad.slice(1, 3).join('|')}]` : String(c.pad);
  const dil = c.dilations ? ` d${c.dilations.join('x')}` : '';
  return `x${c.x.join('x')} f${c.filter.join('x')}x${c.out} s${c.strides.join('x')} pad ${pad}${dil}`;
}

/** Depthwise geometries: the dense ones with multipliers 1-3, plus dilations (stride 1). */
export const DEPTHWISE_CASES: ConvCase[] = [
  ...CONV_CASES.map((c, i) => ({ ...c, out: 1 + (i % 3) })),
  { x: [2, 9, 8, 3], filter: [3, 3], out: 1, strides: [1, 1], pad: 'same', dilations: [2, 2] },
  { x: [1, 10, 9, 2], filter: [3, 2], out: 2, strides: [1, 1], pad: 'valid', dilations: [2, 3] },
  { x: [2, 8, 8, 2], filter: [3, 3], out: 1, strides: [1, 1], pad: [[0, 0], [2, 2], [1, 3], [0, 0]], dilations: [2, 2] },
  // Multiplier 1 and C % 4 == 0: the SIMD kernels' cases (depthwise-simd.ts).
  { x: [2, 9, 7, 8], filter: [3, 3], out: 1, strides: [1, 1], pad: 'same' },
  { x: [2, 9, 7, 4], filter: [3, 3], out: 1, strides: [2, 2], pad: 'same' },
  { x: [3, 8, 8, 12], filter: [5, 5], out: 1, strides: [2, 1], pad: 'valid' },
  { x: [2, 9, 8, 8], filter: [3, 3], out: 1, strides: [1, 1], pad: 'same', dilations: [2, 2] },
  { x: [1, 10, 10, 4], filter: [3, 3], out: 1, strides: [3, 2], pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
  { x: [2, 1, 20, 8], filter: [1, 4], out: 1, strides: [1, 1], pad: [[0, 0], [0, 0], [3, 0], [0, 0]] },
  // Filter gradient: the tap-wise loop's 16-channel passes plus a 4-channel remainder, and the
  // 3x3 all-taps loop with C = 16, stride 2 and uneven padding.
  { x: [2, 7, 6, 20], filter: [3, 2], out: 1, strides: [1, 2], pad: 'same' },
  { x: [2, 6, 7, 16], filter: [3, 3], out: 1, strides: [2, 2], pad: [[0, 0], [0, 2], [1, 1], [0, 0]] },
  // Wider than twice the filter: the input gradient's per-column tap lists fill most of its scratch.
  { x: [2, 5, 40, 4], filter: [3, 3], out: 1, strides: [2, 2], pad: 'same' },
  // 3x3 filter gradient with no pixel that has all nine taps inside (tap by tap only), and with
  // padding wider than the filter reaches (border bands of different depths per tap).
  { x: [2, 2, 3, 4], filter: [3, 3], out: 1, strides: [1, 1], pad: 'same' },
  { x: [1, 7, 6, 8], filter: [3, 3], out: 1, strides: [2, 2], pad: [[0, 0], [2, 3], [3, 0], [0, 0]] },
];

/**
 * float64 loops for the depthwise input and filter gradients. The cpu backend's depthwise
 * backprops ignore dilations, so dilated cases are checked against this instead.
 */
export function depthwiseGradsReference(c: ConvCase, x: Float32Array, w: Float32Array, dy: Float32Array): { dx: Float64Array; dw: Float64Array } {
  const [fH, fW] = c.filter;
  const [n, h, wd, ch] = c.x;
  const m = c.out;
  const info = tf.backend_util.computeConv2DInfo(c.x, [fH, fW, ch, m], c.strides, c.dilations ?? 1, c.pad, c.dimRoundingMode, true);
  const { outHeight: oH, outWidth: oW, strideHeight: sH, strideWidth: sW, dilationHeight: dH, dilationWidth: dW } = info;
  const dx = new Float64Array(x.length);
  const dw = new Float64Array(w.length);
  for (let b = 0; b < n; b++) for (let y = 0; y < oH; y++) for (let xx = 0; xx < oW; xx++) {
    for (let kh = 0; kh < fH; kh++) for (let kw = 0; kw < fW; kw++) {
      const i = y * sH + kh * dH - info.padInfo.top;
      const j = xx * sW + kw * dW - info.padInfo.left;
      if (i < 0 || i >= h || j < 0 || j >= wd) continue;
      for (let cc = 0; cc < ch; cc++) for (let q = 0; q < m; q++) {
        const g = dy[((b * oH + y) * oW + xx) * ch * m + cc * m + q];
        const xi = ((b * h + i) * wd + j) * ch + cc;
        const wi = ((kh * fW + kw) * ch + cc) * m + q;
        dx[xi] += g * w[wi];
        dw[wi] += g * x[xi];
      }
    }
  }
  return { dx, dw };
}

/** Runs fn with `config`'s kernel unregistered (so ops take their composed path), registering it again after. */
export function withoutKernel<T>(config: tf.KernelConfig, fn: () => T): T {
  tf.unregisterKernel(config.kernelName, config.backendName);
  try {
    return fn();
  } finally {
    tf.registerKernel(config);
  }
}
