import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module';
import { Linear } from './linear';
import type { Initializer } from './init';
import { addMacs } from './macs';

export interface AttentionOptions {
  /** qkv Linear bias (timm's qkv_bias); MambaVision passes True. Default true. */
  qkvBias?: boolean;
  /** Initialisers for the qkv and proj Linears (default: PyTorch's nn.Linear init). */
  weightInit?: Initializer;
  biasInit?: Initializer;
}

/**
 * Multi-head self-attention over [B, N, C] as timm's Attention (used by MambaVision): qkv Linear
 * C -> 3C, per head softmax(q k^T * head_dim^-0.5) v, heads concatenated, proj Linear C -> C
 * with bias. No qk-norm, no dropout (the reference's rates are 0).
 *
 * Layout choices for tfjs: q, k, v come from splitting the last axis and moving heads with rank-4
 * transposes (rank >= 5 transposes are slow on wasm); the two products are rank-3 matMuls whose
 * batch dims (B * heads) match exactly, because tfjs 4.22's matMul gradient fails when batch dims
 * broadcast.
 */
export class Attention extends Module {
  readonly headDim: number;
  readonly scale: number;
  readonly qkv: Linear;
  readonly proj: Linear;

  constructor(readonly dim: number, readonly numHeads: number, options: AttentionOptions = {}) {
    super();
    if (dim % numHeads !== 0) throw new Error(`Attention: dim ${dim} is not divisible by ${numHeads} heads`);
    this.headDim = dim / numHeads;
    this.scale = this.headDim ** -0.5;
    const init = { weightInit: options.weightInit, biasInit: options.biasInit };
    this.qkv = this.addModule('qkv', new Linear(dim, 3 * dim, { ...init, bias: options.qkvBias ?? true }));
    this.proj = this.addModule('proj', new Linear(dim, dim, init));
  }

  forward(x: tf.Tensor): tf.Tensor {
    const [b, n, c] = x.shape as [number, number, number];
    const h = this.numHeads;
    const hd = this.headDim;
    // [B, N, C] -> [B * heads, N, head_dim]; channel index of head j, dim e is j * hd + e, as the
    // reference's reshape(B, N, 3, heads, hd).
    const toHeads = (t: tf.Tensor) => tf.reshape(tf.transpose(tf.reshape(t, [b, n, h, hd]), [0, 2, 1, 3]), [b * h, n, hd]);
    const [q, k, v] = tf.split(this.qkv.forward(x), 3, -1).map(toHeads) as tf.Tensor3D[];
    addMacs(2 * b * h * n * n * hd);
    const attn = tf.softmax(tf.matMul(tf.mul(q, this.scale) as tf.Tensor3D, k, false, true));
    const out = tf.matMul(attn, v);
    const merged = tf.reshape(tf.transpose(tf.reshape(out, [b, h, n, hd]), [0, 2, 1, 3]), [b, n, c]);
    return this.proj.forward(merged);
  }
}
