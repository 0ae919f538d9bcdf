import { describe, expect, it } from 'vitest';
import { tf, initBackend, selectiveSsm, silu } from '@mambabench/core';
import { ES2D } from './es2d';
import { BiAttn } from './bi-attn';

function seeded(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return (s / 2 ** 31) * 2 - 1;
  });
}

/** Pixel (r, q) of an (H, W) map -> [sub-grid k, token t], read from EfficientScan's slicing. */
function tokenOf(r: number, q: number, height: number, width: number): [number, number] {
  const h = Math.ceil(height / 2);
  const w = Math.ceil(width / 2);
  const [i, j] = [r >> 1, q >> 1];
  const k = (r % 2) + 2 * (q % 2); // k0 (even, even), k1 (odd, even), k2 (even, odd), k3 (odd, odd)
  return [k, r % 2 ? j * h + i : i * w + j]; // odd rows are column-major
}

describe('ES2D', () => {
  it.each([[6, 4], [5, 7]])('scans sub-grid k with direction k\'s SSM and writes it back to its pixels (%i x %i)', async (height, width) => {
    await initBackend('cpu');
    const [b, d] = [2, 8];
    const op = new ES2D(d);
    const di = op.dInner;
    const x = tf.tensor4d(seeded(b * height * width * d, 5), [b, height, width, d]);
    const out = op.forward(x);

    // Reference: the module's own projections around index-loop gathering and scattering.
    const [xi, zi] = tf.split(op.inProj.forward(x), 2, -1);
    const u = silu(op.conv2d.forward(xi)).arraySync() as number[][][][];
    const h = Math.ceil(height / 2);
    const w = Math.ceil(width / 2);
    const seqs = [0, 1, 2, 3].map(() => Array.from({ length: b }, () => Array.from({ length: h * w }, () => new Array(di).fill(0))));
    for (let n = 0; n < b; n++) for (let r = 0; r < height; r++) for (let q = 0; q < width; q++) {
      const [k, t] = tokenOf(r, q, height, width);
      seqs[k][n][t] = u[n][r][q];
    }
    const ys = seqs.map((s, k) => selectiveSsm(tf.tensor3d(s), {
      xProj: tf.squeeze(tf.slice(op.xProj, k, 1), [0]),
      dtProj: tf.squeeze(tf.slice(op.dtProj, k, 1), [0]),
      dtBias: tf.squeeze(tf.slice(op.dtBias, k, 1), [0]),
      aLog: tf.slice(op.aLogs, [k * di, 0], [di, op.dState]),
      d: tf.slice(op.ds, k * di, di),
    }).arraySync());
    const merged = Array.from({ length: b }, (_, n) => Array.from({ length: height }, (_, r) => Array.from({ length: width }, (_, q) => {
      const [k, t] = tokenOf(r, q, height, width);
      return ys[k][n][t];
    })));
    const ref = op.outProj.forward(tf.mul(op.outNorm.forward(tf.tensor4d(merged)), silu(zi)));

    expect(out.shape).toEqual([b, height, width, d]);
    const diff = tf.max(tf.abs(tf.sub(out, ref))).dataSync()[0];
    expect(diff).toBeLessThan(1e-5);
  });

  it('has the reference tensors and counts (EfficientVMamba-T stage 1: d 48, di 96, R 3, N 16)', async () => {
    await initBackend('cpu');
    const op = new ES2D(48);
    const shapes = Object.fromEntries(op.namedParameters().map(([n, p]) => [n, p.variable.size]));
    expect(shapes).toEqual({
      x_proj_weight: 4 * 35 * 96, dt_projs_weight: 4 * 96 * 3, dt_projs_bias: 384, A_logs: 4 * 96 * 16, Ds: 384,
      'in_proj.weight': 48 * 192, 'conv2d.weight': 96 * 9, 'conv2d.bias': 96,
      'out_norm.weight': 96, 'out_norm.bias': 96, 'out_proj.weight': 96 * 48,
    });
    expect(op.numParams()).toBe(36_480);
    op.dispose();
  });
});

describe('BiAttn', () => {
  it('gates the raw input with sigmoid(W2 GELU(W1 mean(LN(x)) + b1) + b2), one value per sample and channel', async () => {
    await initBackend('cpu');
    const [b, hw, c] = [2, 6, 16];
    const se = new BiAttn(c);
    se.globalReduce.bias!.assign(tf.tensor1d(seeded(2, 3)));
    se.channelSelect.bias!.assign(tf.tensor1d(seeded(c, 4)));
    const xs = seeded(b * hw * c, 9);
    const y = se.forward(tf.tensor4d(xs, [b, 2, 3, c])).dataSync();
    const [w1, b1, w2, b2] = [se.globalReduce.weight, se.globalReduce.bias!, se.channelSelect.weight, se.channelSelect.bias!].map((v) => v.dataSync());
    const erf = (v: number) => tf.erf(tf.scalar(v)).dataSync()[0];
    for (let n = 0; n < b; n++) {
      const pooled = new Array(c).fill(0);
      for (let p = 0; p < hw; p++) {
        const row = Array.from(xs.slice((n * hw + p) * c, (n * hw + p + 1) * c));
        const mean = row.reduce((a, v) => a + v, 0) / c;
        const variance = row.reduce((a, v) => a + (v - mean) ** 2, 0) / c;
        row.forEach((v, ch) => { pooled[ch] += (v - mean) / Math.sqrt(variance + 1e-5) / hw; });
      }
      const hidden = [0, 1].map((o) => {
        let s = b1[o];
        for (let i = 0; i < c; i++) s += pooled[i] * w1[i * 2 + o];
        return 0.5 * s * (1 + erf(s / Math.SQRT2));
      });
      for (let ch = 0; ch < c; ch++) {
        const gate = 1 / (1 + Math.exp(-(b2[ch] + hidden[0] * w2[ch] + hidden[1] * w2[c + ch])));
        for (let p = 0; p < hw; p++) expect(y[(n * hw + p) * c + ch]).toBeCloseTo(xs[(n * hw + p) * c + ch] * gate, 5);
      }
    }
    expect(se.numParams()).toBe(2 * c + (c * 2 + 2) + (2 * c + c));
  });
});
