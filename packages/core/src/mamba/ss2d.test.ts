import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { SS2D, type SS2DOptions } from './ss2d';
import { withInitSeed } from '../nn/init-context';
import { TEST_BACKENDS, useBackend, relError, randomArray } from '../testing/backends';

const silu = (v: number) => v / (1 + Math.exp(-v));
const softplus = (v: number) => (v > 20 ? v : Math.log1p(Math.exp(v)));

/** Token index of pixel (i, j) in direction k (row-major, column-major, and their reverses). */
const tokenOf = (k: number, i: number, j: number, h: number, w: number) => {
  const t = k % 2 === 0 ? i * w + j : j * h + i;
  return k >= 2 ? h * w - 1 - t : t;
};

/** SS2D.forward (VMamba forwardv0 / v2 with selective_scan_ref) in float64 loops, one image. */
function ss2dRef(m: SS2D, x: Float32Array, H: number, W: number): Float64Array {
  const get = (t: tf.Tensor | null) => (t ? Float64Array.from(t.dataSync()) : null);
  const d = m.dModel, di = m.dInner, N = m.dState, R = m.dtRank, P = R + 2 * N, L = H * W;
  const Win = get(m.inProj.weight)!, cw = get(m.conv2d.weight)!, cb = get(m.conv2d.bias);
  const Wx = get(m.xProj)!, Wdt = get(m.dtProj)!, bdt = get(m.dtBias)!, aLog = get(m.aLogs)!, Ds = get(m.ds)!;
  const lnW = get(m.outNorm.weight)!, lnB = get(m.outNorm.bias)!, Wout = get(m.outProj.weight)!;
  const width = m.gate ? 2 * di : di;
  const proj = new Float64Array(L * width);
  for (let p = 0; p < L; p++) for (let o = 0; o < width; o++) {
    for (let c = 0; c < d; c++) proj[p * width + o] += x[p * d + c] * Win[c * width + o];
  }
  const u = new Float64Array(L * di);
  for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) for (let c = 0; c < di; c++) {
    let s = cb ? cb[c] : 0;
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
      const [r, q] = [i + a - 1, j + b - 1];
      if (r >= 0 && r < H && q >= 0 && q < W) s += cw[(a * 3 + b) * di + c] * proj[(r * W + q) * width + c];
    }
    u[(i * W + j) * di + c] = silu(s);
  }
  const merged = new Float64Array(L * di);
  for (let k = 0; k < 4; k++) {
    const pixelOf = new Int32Array(L);
    for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) pixelOf[tokenOf(k, i, j, H, W)] = i * W + j;
    const h = new Float64Array(di * N);
    for (let t = 0; t < L; t++) {
      const px = pixelOf[t];
      const dbl = new Float64Array(P);
      for (let o = 0; o < P; o++) for (let c = 0; c < di; c++) dbl[o] += u[px * di + c] * Wx[(k * di + c) * P + o];
      for (let c = 0; c < di; c++) {
        let pre = bdt[k * di + c];
        for (let r = 0; r < R; r++) pre += dbl[r] * Wdt[(k * R + r) * di + c];
        const delta = softplus(pre);
        let y = Ds[k * di + c] * u[px * di + c];
        for (let n = 0; n < N; n++) {
          const A = -Math.exp(aLog[(k * di + c) * N + n]);
          h[c * N + n] = Math.exp(delta * A) * h[c * N + n] + delta * dbl[R + n] * u[px * di + c];
          y += h[c * N + n] * dbl[R + N + n];
        }
        merged[px * di + c] += y;
      }
    }
  }
  const out = new Float64Array(L * d);
  for (let p = 0; p < L; p++) {
    let mean = 0, v = 0;
    for (let c = 0; c < di; c++) mean += merged[p * di + c] / di;
    for (let c = 0; c < di; c++) v += (merged[p * di + c] - mean) ** 2 / di;
    const y = new Float64Array(di);
    for (let c = 0; c < di; c++) {
      y[c] = ((merged[p * di + c] - mean) / Math.sqrt(v + 1e-5)) * lnW[c] + lnB[c];
      if (m.gate) y[c] *= silu(proj[p * width + di + c]);
    }
    for (let o = 0; o < d; o++) for (let c = 0; c < di; c++) out[p * d + o] += y[c] * Wout[c * d + o];
  }
  return out;
}

const CONFIGS: [string, number, SS2DOptions][] = [
  ['VMamba v05_noz (N 1, ratio 1, no gate, no conv bias)', 8, { dState: 1, ssmRatio: 1, gate: false, convBias: false }],
  ['VMamba v0 / MedMamba (N 16, ratio 2, gate, conv bias)', 6, { dState: 16, ssmRatio: 2, gate: true, convBias: true }],
];

/** VMamba's state_dict names and element counts (vmamba.py SS2Dv0 / SS2Dv2, MedMamba SS2D). */
function expectedCount(d: number, o: SS2DOptions): number {
  const di = o.ssmRatio * d, R = Math.ceil(d / 16), N = o.dState;
  return d * di * (o.gate ? 2 : 1) + 9 * di + (o.convBias ? di : 0) + 4 * di * (R + 2 * N) + 4 * di * R + 4 * di
    + 4 * di * N + 4 * di + 2 * di + di * d;
}

describe('SS2D structure', () => {
  beforeAll(() => useBackend('cpu'));

  it.each(CONFIGS)('%s: names and parameter count as the reference', (_, d, options) => {
    const m = new SS2D(d, options);
    const names = m.namedParameters().map(([n]) => n);
    expect(names).toEqual(['x_proj_weight', 'dt_projs_weight', 'dt_projs_bias', 'A_logs', 'Ds', 'in_proj.weight', 'conv2d.weight',
      ...(options.convBias ? ['conv2d.bias'] : []), 'out_norm.weight', 'out_norm.bias', 'out_proj.weight']);
    expect(m.numParams()).toBe(expectedCount(d, options));
  });

  it('counts the MedMamba stage-1 SS2D of the scaled model (d_model 16) as 8,576 and VMamba-T\'s d=96 op as 26,016', () => {
    expect(new SS2D(16, { dState: 16, ssmRatio: 2, gate: true, convBias: true }).numParams()).toBe(8_576);
    // in_proj 9,216 + conv 864 + x_proj 4*8*96 + dt 4*96*6 + bias 384 + A 384 + D 384 + LN 192 + out_proj 9,216
    expect(new SS2D(96, { dState: 1, ssmRatio: 1, gate: false, convBias: false }).numParams()).toBe(26_016);
  });
});

describe.each(TEST_BACKENDS)('SS2D forward on %s', (backend) => {
  it.each(CONFIGS)('%s matches the float64 loop reference', async (_, d, options) => {
    await useBackend(backend);
    const m = withInitSeed(3, () => new SS2D(d, options));
    // Non-trivial LN affine and a larger dt so every direction's scan visibly matters.
    m.outNorm.weight.assign(tf.tensor1d(randomArray(m.dInner, 4)).add(1));
    m.outNorm.bias.assign(tf.tensor1d(randomArray(m.dInner, 5)));
    m.dtBias.assign(tf.add(m.dtBias, 2));
    const [B, H, W] = [2, 3, 4];
    const x = randomArray(B * H * W * d, 7);
    const y = m.forward(tf.tensor4d(x, [B, H, W, d]));
    expect(y.shape).toEqual([B, H, W, d]);
    const got = y.dataSync();
    const per = H * W * d;
    for (let b = 0; b < B; b++) {
      const want = ss2dRef(m, x.subarray(b * per, (b + 1) * per), H, W);
      expect(relError(got.subarray(b * per, (b + 1) * per), want)).toBeLessThan(2e-5);
    }
  });
});

describe('SS2D gradients', () => {
  it.each(CONFIGS)('%s: every parameter gets a finite non-zero gradient', async (_, d, options) => {
    await useBackend('wasm');
    const m = withInitSeed(4, () => new SS2D(d, options));
    const x = tf.tensor4d(randomArray(2 * 4 * 4 * d, 9), [2, 4, 4, d]);
    const target = tf.tensor4d(randomArray(2 * 4 * 4 * d, 10), [2, 4, 4, d]);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(m.forward(x), target)) as tf.Scalar, m.trainableVariables());
    for (const [name, p] of m.namedParameters()) {
      const g = grads[p.variable.name].dataSync();
      expect(g.every(Number.isFinite), name).toBe(true);
      expect(g.some((v) => v !== 0), name).toBe(true);
    }
  });
});
