import { describe, expect, it } from 'vitest';
import { tf, initBackend } from '@mambabench/core';
import { MambaVisionMixer } from './mixer';

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
 * MambaVisionMixer for one sequence u [L, d] in float64, from mamba_vision.py read as loops:
 * in_proj, 'same' depthwise conv (k odd, zero padding, no bias) + SiLU on x and z, x_proj,
 * delta = softplus(dt W + b + b) (bias in dt_proj and again as delta_bias), sequential scan with
 * D skip on x only, out_proj(concat[y, z]).
 */
function mixerRef(u: Float32Array, l: number, d: number, n: number, w: Record<string, Float32Array>): Float64Array {
  const half = d / 2;
  const r = Math.ceil(d / 16);
  const k = w.convX.length / half;
  const xz = new Float64Array(l * d);
  for (let t = 0; t < l; t++) for (let o = 0; o < d; o++) for (let i = 0; i < d; i++) xz[t * d + o] += u[t * d + i] * w.inProj[i * d + o];
  const conv = (offset: number, filt: Float32Array) => {
    const out = new Float64Array(l * half);
    for (let t = 0; t < l; t++) for (let c = 0; c < half; c++) {
      let s = 0;
      for (let j = 0; j < k; j++) {
        const src = t - (k - 1) / 2 + j;
        if (src >= 0 && src < l) s += filt[j * half + c] * xz[src * d + offset + c];
      }
      out[t * half + c] = silu(s);
    }
    return out;
  };
  const x = conv(0, w.convX);
  const z = conv(half, w.convZ);
  const cols = r + 2 * n;
  const y = new Float64Array(l * half);
  const h = new Float64Array(half * n);
  for (let t = 0; t < l; t++) {
    const p = new Float64Array(cols);
    for (let o = 0; o < cols; o++) for (let c = 0; c < half; c++) p[o] += x[t * half + c] * w.xProj[c * cols + o];
    for (let c = 0; c < half; c++) {
      let dt = 2 * w.dtBias[c];
      for (let q = 0; q < r; q++) dt += p[q] * w.dtProj[q * half + c];
      const delta = softplus(dt);
      let out = w.d[c] * x[t * half + c];
      for (let s = 0; s < n; s++) {
        h[c * n + s] = Math.exp(-delta * Math.exp(w.aLog[c * n + s])) * h[c * n + s] + delta * p[r + s] * x[t * half + c];
        out += h[c * n + s] * p[r + n + s];
      }
      y[t * half + c] = out;
    }
  }
  const res = new Float64Array(l * d);
  for (let t = 0; t < l; t++) for (let o = 0; o < d; o++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += (c < half ? y[t * half + c] : z[t * half + c - half]) * w.outProj[c * d + o];
    res[t * d + o] = s;
  }
  return res;
}

describe('MambaVisionMixer', () => {
  it.each(['cpu', 'wasm'] as const)('matches a float64 loop of the reference forward (%s)', async (backend) => {
    await initBackend(backend);
    const [d, l, n] = [12, 6, 8];
    const mixer = new MambaVisionMixer(d, n, 3, 1);
    for (const [i, v] of mixer.trainableVariables().entries()) {
      tf.tidy(() => v.assign(tf.add(v, tf.mul(tf.tensor(rand(v.size, 50 + i), v.shape), 0.3))));
    }
    const get = (t: tf.Tensor) => t.dataSync() as Float32Array;
    const w = {
      inProj: get(mixer.inProj.weight), convX: get(mixer.convX.weight), convZ: get(mixer.convZ.weight), xProj: get(mixer.xProj.weight),
      dtProj: get(mixer.dtProj.weight), dtBias: get(mixer.dtProj.bias!), aLog: get(mixer.aLog), d: get(mixer.dSkip), outProj: get(mixer.outProj.weight),
    };
    const u = rand(2 * l * d, 9);
    const out = mixer.forward(tf.tensor3d(u, [2, l, d])).dataSync();
    for (let b = 0; b < 2; b++) {
      const expected = mixerRef(u.subarray(b * l * d, (b + 1) * l * d), l, d, n, w);
      const scale = Math.max(...expected.map(Math.abs));
      const err = Math.max(...Array.from(expected, (v, i) => Math.abs(out[b * l * d + i] - v)));
      expect(err / scale).toBeLessThan(1e-5);
    }
    mixer.dispose();
  });

  it('has the reference parameters: names, shapes, no conv bias; A_log, D without weight decay', async () => {
    await initBackend('cpu');
    const mixer = new MambaVisionMixer(320);
    expect(mixer.namedParameters().map(([name, p]) => [name, p.variable.size])).toEqual([
      ['in_proj.weight', 320 * 320], ['x_proj.weight', 160 * 36], ['dt_proj.weight', 20 * 160], ['dt_proj.bias', 160],
      ['A_log', 160 * 8], ['D', 160], ['out_proj.weight', 320 * 320], ['conv1d_x.weight', 160 * 3], ['conv1d_z.weight', 160 * 3],
    ]);
    expect(mixer.numParams()).toBe(216_320);
    expect(mixer.namedParameters().filter(([, p]) => !p.weightDecay).map(([name]) => name)).toEqual(['A_log', 'D']);
    // _init_weights resets every Linear, dt_proj included: bias 0, weight trunc_normal(0.02).
    expect(Array.from(mixer.dtProj.bias!.dataSync()).every((v) => v === 0)).toBe(true);
    const std = Math.sqrt(tf.moments(mixer.inProj.weight).variance.dataSync()[0]);
    expect(std / 0.02).toBeCloseTo(1, 1);
    mixer.dispose();
  });
});
