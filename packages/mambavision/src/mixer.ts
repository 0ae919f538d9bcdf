import {
  tf, Module, Linear, silu, depthwiseConv1d, selectiveSsm, torchDefaultInit, constantInit, valuesInit, truncNormalInit,
} from '@mambabench/core';

/** MambaVision re-initialises every nn.Linear with trunc_normal(0.02) and a zero bias (_init_weights). */
export const linearInit = { weightInit: truncNormalInit(0.02), biasInit: constantInit(0) };

/** The weight of a bias-free depthwise nn.Conv1d, [1, k, C, 1] in tfjs layout, named "weight". */
class Conv1dWeight extends Module {
  readonly weight: tf.Variable;
  constructor(channels: number, k: number) {
    super();
    // nn.Conv1d(groups=C) default init, fan_in = k; not touched by MambaVision's _init_weights.
    this.weight = this.addParameter('weight', [1, k, channels, 1], torchDefaultInit(k));
  }
  forward(x: tf.Tensor): tf.Tensor {
    return depthwiseConv1d(x, this.weight, null, 'same');
  }
}

/**
 * MambaVisionMixer (NVlabs/MambaVision mamba_vision.py) with the T settings d_state 8, d_conv 3,
 * expand 1: in_proj d -> d (no bias) split into x and z of d/2; each goes through its own
 * non-causal ('same') depthwise conv1d without bias (conv_bias // 2 = 0) and SiLU; only x runs
 * the selective SSM (x_proj d/2 -> R + 2N with R = ceil(d/16), dt_proj R -> d/2, A, D), whose
 * output is not gated; out_proj(concat[y, z]) d -> d (no bias).
 *
 * Two reference behaviours kept on purpose:
 * - the forward calls self.dt_proj(dt), which adds the bias, and then passes
 *   delta_bias=dt_proj.bias to selective_scan_fn, which adds it again: delta =
 *   softplus(dt W + 2 b);
 * - _init_weights re-initialises dt_proj like every Linear (trunc_normal 0.02, bias 0), so
 *   mamba_ssm's special dt init does not survive; A_log = ln(1..N) and D = 1 do.
 */
export class MambaVisionMixer extends Module {
  readonly dInner: number;
  readonly dtRank: number;
  readonly inProj: Linear;
  readonly xProj: Linear;
  readonly dtProj: Linear;
  readonly aLog: tf.Variable;
  readonly dSkip: tf.Variable;
  readonly outProj: Linear;
  readonly convX: Conv1dWeight;
  readonly convZ: Conv1dWeight;

  constructor(readonly dModel: number, readonly dState = 8, dConv = 3, expand = 1) {
    super();
    const dInner = (this.dInner = expand * dModel);
    const half = dInner / 2;
    const rank = (this.dtRank = Math.ceil(dModel / 16));
    this.inProj = this.addModule('in_proj', new Linear(dModel, dInner, { ...linearInit, bias: false }));
    this.xProj = this.addModule('x_proj', new Linear(half, rank + 2 * dState, { ...linearInit, bias: false }));
    this.dtProj = this.addModule('dt_proj', new Linear(rank, half, linearInit));
    const aLog = new Float32Array(half * dState);
    for (let i = 0; i < aLog.length; i++) aLog[i] = Math.log((i % dState) + 1);
    this.aLog = this.addParameter('A_log', [half, dState], valuesInit(aLog), { weightDecay: false });
    this.dSkip = this.addParameter('D', [half], constantInit(1), { weightDecay: false });
    this.outProj = this.addModule('out_proj', new Linear(dInner, dModel, { ...linearInit, bias: false }));
    this.convX = this.addModule('conv1d_x', new Conv1dWeight(half, dConv));
    this.convZ = this.addModule('conv1d_z', new Conv1dWeight(half, dConv));
  }

  /** [B, L, d] -> [B, L, d]. */
  forward(h: tf.Tensor): tf.Tensor {
    const [x, z] = tf.split(this.inProj.forward(h), 2, -1);
    const xc = silu(this.convX.forward(x));
    const zc = silu(this.convZ.forward(z));
    const y = selectiveSsm(xc, {
      xProj: this.xProj.weight,
      dtProj: this.dtProj.weight,
      dtBias: tf.mul(this.dtProj.bias!, 2), // the reference adds dt_proj.bias twice (see above)
      aLog: this.aLog,
      d: this.dSkip,
    });
    return this.outProj.forward(tf.concat([y, zc], -1));
  }
}
