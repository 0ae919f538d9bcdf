import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Attention } from './attention';
import { countMacs } from './macs';
import { TEST_BACKENDS, useBackend, relError, randomArray } from '../testing/backends';

/**
 * timm's Attention written as float64 loops over (batch, head, query, key). Weights are read in
 * the [in, out] layout the Linear stores: qkv output channel s * C + j * hd + e is q/k/v (s = 0/1/2)
 * of head j, dim e.
 */
function attentionRef(x: Float32Array, [b, n, c]: number[], heads: number, wQkv: Float32Array, bQkv: Float32Array,
  wProj: Float32Array, bProj: Float32Array): Float64Array {
  const hd = c / heads;
  const qkv = new Float64Array(b * n * 3 * c);
  for (let r = 0; r < b * n; r++) for (let o = 0; o < 3 * c; o++) {
    let s = bQkv[o];
    for (let i = 0; i < c; i++) s += x[r * c + i] * wQkv[i * 3 * c + o];
    qkv[r * 3 * c + o] = s;
  }
  const at = (bi: number, t: number, which: number, j: number, e: number) => qkv[(bi * n + t) * 3 * c + which * c + j * hd + e];
  const merged = new Float64Array(b * n * c);
  for (let bi = 0; bi < b; bi++) for (let j = 0; j < heads; j++) for (let t = 0; t < n; t++) {
    const logits = new Float64Array(n);
    for (let u = 0; u < n; u++) {
      let s = 0;
      for (let e = 0; e < hd; e++) s += at(bi, t, 0, j, e) * at(bi, u, 1, j, e);
      logits[u] = s / Math.sqrt(hd);
    }
    const m = Math.max(...logits);
    const p = logits.map((l) => Math.exp(l - m));
    const z = p.reduce((a, v) => a + v, 0);
    for (let e = 0; e < hd; e++) {
      let s = 0;
      for (let u = 0; u < n; u++) s += (p[u] / z) * at(bi, u, 2, j, e);
      merged[(bi * n + t) * c + j * hd + e] = s;
    }
  }
  const out = new Float64Array(b * n * c);
  for (let r = 0; r < b * n; r++) for (let o = 0; o < c; o++) {
    let s = bProj[o];
    for (let i = 0; i < c; i++) s += merged[r * c + i] * wProj[i * c + o];
    out[r * c + o] = s;
  }
  return out;
}

const CASES: [number[], number][] = [[[2, 5, 8], 2], [[1, 16, 12], 3], [[3, 4, 6], 1]];

describe.each(TEST_BACKENDS)('Attention on %s', (backend) => {
  it.each(CASES)('matches float64 loops for [B, N, C] = %j with %i heads', async (shape, heads) => {
    await useBackend(backend);
    const attn = new Attention(shape[2], heads);
    // Scale the input so the softmax is far from uniform.
    const x = randomArray(shape[0] * shape[1] * shape[2], 21).map((v) => 4 * v);
    const y = attn.forward(tf.tensor3d(x, shape as [number, number, number]));
    const ref = attentionRef(x, shape, heads, attn.qkv.weight.dataSync() as Float32Array, attn.qkv.bias!.dataSync() as Float32Array,
      attn.proj.weight.dataSync() as Float32Array, attn.proj.bias!.dataSync() as Float32Array);
    expect(y.shape).toEqual(shape);
    expect(relError(y.dataSync(), ref)).toBeLessThan(1e-5);
  });

  it('has timm\'s parameters (qkv with bias, proj with bias) and counts the two attention matmuls', async () => {
    await useBackend(backend);
    const attn = new Attention(320, 8);
    expect(attn.namedParameters().map(([n, p]) => [n, p.variable.size])).toEqual([
      ['qkv.weight', 320 * 960], ['qkv.bias', 960], ['proj.weight', 320 * 320], ['proj.bias', 320],
    ]);
    expect(new Attention(8, 2, { qkvBias: false }).numParams()).toBe(8 * 24 + 8 * 8 + 8);
    const small = new Attention(8, 2);
    const { macs } = countMacs(() => tf.tidy(() => { small.forward(tf.zeros([3, 5, 8])); }));
    // qkv 3*5*8*24 + proj 3*5*8*8 + q k^T and attn v: 2 * 3 batches * 2 heads * 5 * 5 * 4.
    expect(macs).toBe(15 * 8 * 24 + 15 * 8 * 8 + 2 * 3 * 2 * 5 * 5 * 4);
  });

  it('has gradients for the input and the weights matching central differences', async () => {
    await useBackend(backend);
    const attn = new Attention(6, 2);
    const x = tf.tensor3d(randomArray(2 * 4 * 6, 31), [2, 4, 6]);
    const r = tf.tensor3d(randomArray(2 * 4 * 6, 32), [2, 4, 6]);
    const loss = () => tf.sum(tf.mul(attn.forward(x), r)) as tf.Scalar;
    const { grads } = tf.variableGrads(loss, attn.trainableVariables());
    const dx = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(attn.forward(v), r)))(x);
    const h = 1e-2;
    const check = (analytic: number, plus: () => number, minus: () => number) => {
      const numeric = (plus() - minus()) / (2 * h);
      expect(Math.abs(numeric - analytic)).toBeLessThan(2e-3 * Math.max(1, Math.abs(analytic)));
    };
    const dir = tf.tensor3d(randomArray(2 * 4 * 6, 33), [2, 4, 6]);
    const fAt = (v: tf.Tensor) => tf.sum(tf.mul(attn.forward(v), r)).dataSync()[0];
    check(tf.sum(tf.mul(dx, dir)).dataSync()[0], () => fAt(tf.add(x, tf.mul(dir, h))), () => fAt(tf.sub(x, tf.mul(dir, h))));
    for (const v of attn.trainableVariables()) {
      const g = grads[v.name];
      expect(g.shape).toEqual(v.shape);
      const d = tf.tensor(randomArray(v.size, 34), v.shape);
      const original = v.clone();
      const at = (sign: number) => { v.assign(tf.add(original, tf.mul(d, sign * h))); const f = loss().dataSync()[0]; v.assign(original); return f; };
      check(tf.sum(tf.mul(g, d)).dataSync()[0], () => at(1), () => at(-1));
    }
  });
});
