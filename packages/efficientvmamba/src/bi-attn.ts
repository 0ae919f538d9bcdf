import { tf, Module, LayerNorm, Linear, gelu, truncNormalInit, constantInit } from '@mambabench/core';

/**
 * EfficientVMamba's channel gate "BiAttn" (vmamba_efficient.py), used as `se` in every EVSS block:
 * LN over channels -> mean over H, W -> global_reduce Linear(C -> int(C * 0.125)) -> GELU ->
 * channel_select Linear(-> C) -> sigmoid, multiplying the UN-normalised input. The block applies
 * one instance to both branches, so its weights are shared (and counted once).
 */
export class BiAttn extends Module {
  readonly norm: LayerNorm;
  readonly globalReduce: Linear;
  readonly channelSelect: Linear;

  constructor(readonly channels: number, actRatio = 0.125) {
    super();
    const reduce = Math.floor(channels * actRatio);
    // VSSM._init_weights: every nn.Linear gets trunc_normal(0.02) and a zero bias.
    const linear = (i: number, o: number) => new Linear(i, o, { weightInit: truncNormalInit(0.02), biasInit: constantInit(0) });
    this.norm = this.addModule('norm', new LayerNorm(channels));
    this.globalReduce = this.addModule('global_reduce', linear(channels, reduce));
    this.channelSelect = this.addModule('channel_select', linear(reduce, channels));
  }

  /** x: [B, H, W, C] -> x * sigmoid(...) with one gate value per (sample, channel). */
  forward(x: tf.Tensor): tf.Tensor {
    const pooled = tf.mean(this.norm.forward(x), [1, 2], true); // [B, 1, 1, C]
    const attn = tf.sigmoid(this.channelSelect.forward(gelu(this.globalReduce.forward(pooled))));
    return tf.mul(x, attn);
  }
}
