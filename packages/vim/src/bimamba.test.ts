import { describe, expect, it } from 'vitest';
import { tf, initBackend } from '@mambabench/core';
import { BiMambaV2 } from './bimamba';

type Arr = Float32Array | Float64Array;

/** Deterministic values in [-1, 1). */
function rand(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 2 - 1;
  });
}

const softplus = (v: number) => (v > 20 ? v : Math.log1p(Math.exp(v)));
const silu = (v: number) => v / (1 + Math.exp(-v));

/**
 * One direction of the v2 mixer in float64, straight from models.md section 1 on a [L, di] x and
 * z (batch of one): causal conv (weight [k, di] at index j*di + c, bias), SiLU, x_proj
 * [di, R+2N], softplus(dt W_dt + b), sequential scan h_t = exp(delta A) h + delta B x,
 * y = C.h + D x, gate SiLU(z).
 */
function branchRef(x: Arr, z: Arr, l: number, di: number, w: Record<string, Arr>, n: number, r: number): Float64Array {
  const k = w.conv.length / di;
  const xc = new Float64Array(l * di);
  for (let t = 0; t < l; t++) for (let c = 0; c < di; c++) {
    let s = w.convBias[c];
    for (let j = 0; j < k; j++) {
      const src = t - (k - 1) + j;
      if (src >= 0) s += w.conv[j * di + c] * x[src * di + c];
    }
    xc[t * di + c] = silu(s);
  }
  const y = new Float64Array(l * di);
  const h = new Float64Array(di * n);
  const cols = r + 2 * n;
  for (let t = 0; t < l; t++) {
    const proj = new Float64Array(cols);
    for (let o = 0; o < cols; o++) for (let c = 0; c < di; c++) proj[o] += xc[t * di + c] * w.xProj[c * cols + o];
    for (let c = 0; c < di; c++) {
      let dt = w.dtBias[c];
      for (let q = 0; q < r; q++) dt += proj[q] * w.dtProj[q * di + c];
      const delta = softplus(dt);
      let out = w.d[c] * xc[t * di + c];
      for (let s = 0; s < n; s++) {
        const a = -Math.exp(w.aLog[c * n + s]);
        h[c * n + s] = Math.exp(delta * a) * h[c * n + s] + delta * proj[r + s] * xc[t * di + c];
        out += h[c * n + s] * proj[r + n + s];
      }
      y[t * di + c] = out * silu(z[t * di + c]);
    }
  }
  return y;
}

describe('BiMambaV2 (Vim bimamba v2 mixer)', () => {
  it.each(['cpu', 'wasm'] as const)('matches a float64 loop of both directions, averaged, then out_proj (%s)', async (backend) => {
    await initBackend(backend);
    const [dModel, l, n] = [8, 7, 4];
    const mixer = new BiMambaV2(dModel, { dState: n, expand: 2, dConv: 4, nLayer: 3 });
    // Randomise everything so the forward and backward branches differ (the init makes A equal).
    for (const [i, v] of mixer.trainableVariables().entries()) {
      tf.tidy(() => v.assign(tf.add(v, tf.mul(tf.tensor(rand(v.size, 100 + i), v.shape), 0.3))));
    }
    const di = mixer.dInner;
    const r = mixer.dtRank;
    const u = rand(2 * l * dModel, 7);
    const out = mixer.forward(tf.tensor3d(u, [2, l, dModel]));
    const get = (t: tf.Tensor) => t.dataSync() as Float32Array;
    const fw = { conv: get(mixer.convWeight), convBias: get(mixer.convBias), xProj: get(mixer.xProj.weight), dtProj: get(mixer.dtProj.weight), dtBias: get(mixer.dtProj.bias!), aLog: get(mixer.aLog), d: get(mixer.dSkip) };
    const bw = { conv: get(mixer.convB.weight), convBias: get(mixer.convB.bias), xProj: get(mixer.xProjB.weight), dtProj: get(mixer.dtProjB.weight), dtBias: get(mixer.dtProjB.bias!), aLog: get(mixer.aLogB), d: get(mixer.dSkipB) };
    const wIn = get(mixer.inProj.weight);
    const wOut = get(mixer.outProj.weight);
    const expected = new Float64Array(2 * l * dModel);
    for (let b = 0; b < 2; b++) {
      const x = new Float64Array(l * di);
      const z = new Float64Array(l * di);
      for (let t = 0; t < l; t++) for (let o = 0; o < 2 * di; o++) {
        let s = 0;
        for (let i = 0; i < dModel; i++) s += u[(b * l + t) * dModel + i] * wIn[i * 2 * di + o];
        (o < di ? x : z)[t * di + (o % di)] = s;
      }
      const flip = (a: Float64Array) => { const f = new Float64Array(a.length); for (let t = 0; t < l; t++) f.set(a.subarray(t * di, (t + 1) * di), (l - 1 - t) * di); return f; };
      const yF = branchRef(x, z, l, di, fw, n, r);
      const yB = flip(branchRef(flip(x), flip(z), l, di, bw, n, r));
      for (let t = 0; t < l; t++) for (let o = 0; o < dModel; o++) {
        let s = 0;
        for (let c = 0; c < di; c++) s += ((yF[t * di + c] + yB[t * di + c]) / 2) * wOut[c * dModel + o];
        expected[(b * l + t) * dModel + o] = s;
      }
    }
    const actual = out.dataSync();
    const scale = Math.max(...expected.map(Math.abs));
    const err = Math.max(...Array.from(actual, (v, i) => Math.abs(v - expected[i])));
    expect(err / scale).toBeLessThan(1e-5);
    mixer.dispose();
  });

  it('initialises as Vim: dt_proj_b bias 0, A_b = A = -(1..N), D_b = 1, out_proj / sqrt(n_layer)', async () => {
    await initBackend('cpu');
    const mixer = new BiMambaV2(96, { dState: 16, nLayer: 8 });
    expect(Array.from(mixer.dtProjB.bias!.dataSync()).every((v) => v === 0)).toBe(true);
    expect(Array.from(mixer.aLogB.dataSync())).toEqual(Array.from(mixer.aLog.dataSync()));
    expect(Array.from(mixer.dSkipB.dataSync()).every((v) => v === 1)).toBe(true);
    const bound = 1 / Math.sqrt(192) / Math.sqrt(8);
    const w = Array.from(mixer.outProj.weight.dataSync(), Math.abs);
    expect(Math.max(...w)).toBeLessThanOrEqual(bound * (1 + 1e-6));
    expect(Math.max(...w)).toBeGreaterThan(0.9 * bound);
    // The forward branch keeps mamba_ssm's dt init: softplus(bias) in [1e-3, 0.1].
    const dt = Array.from(mixer.dtProj.bias!.dataSync(), softplus);
    expect(Math.min(...dt)).toBeGreaterThanOrEqual(0.999e-3);
    expect(Math.max(...dt)).toBeLessThanOrEqual(0.1001);
    expect(mixer.namedParameters().filter(([, p]) => !p.weightDecay).map(([name]) => name).sort()).toEqual(['A_b_log', 'A_log', 'D', 'D_b']);
    mixer.dispose();
  });
});
