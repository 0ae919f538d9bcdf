import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Mamba } from './mamba';
import { withInitSeed } from '../nn/init-context';
import { TEST_BACKENDS, useBackend, relError, randomArray } from '../testing/backends';

const silu = (v: number) => v / (1 + Math.exp(-v));
const softplus = (v: number) => (v > 20 ? v : Math.log1p(Math.exp(v)));

/** The whole Mamba block (mamba_simple.Mamba.forward with selective_scan_ref) in float64 loops. */
function mambaRef(m: Mamba, u: Float32Array, B: number, L: number): Float64Array {
  const d = m.dModel, di = m.dInner, N = m.dState, R = m.dtRank;
  const get = (t: tf.Tensor) => Float64Array.from(t.dataSync());
  const Win = get(m.inProj.weight), Wx = get(m.xProj.weight), Wdt = get(m.dtProj.weight), bdt = get(m.dtProj.bias!);
  const cw = get(m.convWeight), cb = get(m.convBias), aLog = get(m.aLog), D = get(m.dSkip), Wout = get(m.outProj.weight);
  const k = m.convWeight.shape[1]!;
  const out = new Float64Array(B * L * d);
  for (let b = 0; b < B; b++) {
    const x = new Float64Array(L * di), z = new Float64Array(L * di);
    for (let t = 0; t < L; t++) for (let o = 0; o < 2 * di; o++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += u[(b * L + t) * d + i] * Win[i * 2 * di + o];
      if (o < di) x[t * di + o] = s; else z[t * di + o - di] = s;
    }
    const xc = new Float64Array(L * di);
    for (let t = 0; t < L; t++) for (let c = 0; c < di; c++) {
      let s = cb[c];
      for (let j = 0; j < k; j++) {
        const src = t - (k - 1) + j;
        if (src >= 0) s += cw[j * di + c] * x[src * di + c];
      }
      xc[t * di + c] = silu(s);
    }
    const h = new Float64Array(di * N);
    for (let t = 0; t < L; t++) {
      const proj = new Float64Array(R + 2 * N);
      for (let o = 0; o < R + 2 * N; o++) for (let c = 0; c < di; c++) proj[o] += xc[t * di + c] * Wx[c * (R + 2 * N) + o];
      const y = new Float64Array(di);
      for (let c = 0; c < di; c++) {
        let pre = bdt[c];
        for (let r = 0; r < R; r++) pre += proj[r] * Wdt[r * di + c];
        const delta = softplus(pre);
        let acc = 0;
        for (let n = 0; n < N; n++) {
          const A = -Math.exp(aLog[c * N + n]);
          h[c * N + n] = Math.exp(delta * A) * h[c * N + n] + delta * proj[R + n] * xc[t * di + c];
          acc += h[c * N + n] * proj[R + N + n];
        }
        y[c] = (acc + D[c] * xc[t * di + c]) * silu(z[t * di + c]);
      }
      for (let o = 0; o < d; o++) {
        let s = 0;
        for (let c = 0; c < di; c++) s += y[c] * Wout[c * d + o];
        out[(b * L + t) * d + o] = s;
      }
    }
  }
  return out;
}

describe.each(TEST_BACKENDS)('Mamba block on %s', (backend) => {
  it.each([
    { d: 8, N: 4, k: 4, L: 13, B: 2 },
    { d: 16, N: 8, k: 2, L: 7, B: 1 },
  ])('matches mamba_simple with selective_scan_ref in float64: %o', async ({ d, N, k, L, B }) => {
    await useBackend(backend);
    const m = withInitSeed(5, () => new Mamba(d, { dState: N, dConv: k }));
    const u = randomArray(B * L * d, 21);
    const y = m.forward(tf.tensor3d(u, [B, L, d]));
    expect(y.shape).toEqual([B, L, d]);
    expect(relError(y.dataSync(), mambaRef(m, u, B, L))).toBeLessThan(1e-5);
  });

  it('has mamba_ssm\'s parameter count and initialisation', async () => {
    await useBackend(backend);
    const m = withInitSeed(1, () => new Mamba(32, { dState: 8, dConv: 4, expand: 2 }));
    expect(m.numParams()).toBe(8_384); // the nnMamba stem Mamba
    expect(withInitSeed(1, () => new Mamba(64, { dState: 8, dConv: 2 })).numParams()).toBe(29_312);
    const aLog = m.aLog.dataSync();
    expect(Array.from(aLog.slice(0, 8)).map((v) => Math.round(Math.exp(v)))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(m.dSkip.dataSync()).every((v) => v === 1)).toBe(true);
    // softplus(dt bias) is the sampled dt, log-uniform in [1e-3, 0.1]
    const dt = Array.from(m.dtProj.bias!.dataSync(), (b) => Math.log1p(Math.exp(b)));
    expect(Math.min(...dt)).toBeGreaterThanOrEqual(1e-3 * 0.999);
    expect(Math.max(...dt)).toBeLessThanOrEqual(0.1 * 1.001);
    const w = m.dtProj.weight.dataSync();
    expect(Math.max(...Array.from(w, Math.abs))).toBeLessThanOrEqual(2 ** -0.5 + 1e-7);
    expect(m.parameters().filter((p) => !p.weightDecay).length).toBe(2); // A_log and D
  });
});
