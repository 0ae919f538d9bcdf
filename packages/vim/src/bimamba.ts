import {
  tf, Linear, Mamba, DepthwiseConv1d, ssm, silu, depthwiseConv1d, constantInit, valuesInit, type MambaOptions,
} from '@mambabench/core';

export interface BiMambaOptions extends MambaOptions {
  /** Number of layers of the model: out_proj is rescaled by 1/sqrt(nLayer) (GPT-2 scheme in Vim's _init_weights). */
  nLayer?: number;
}

/**
 * Vim's bidirectional Mamba mixer, bimamba_type "v2" (hustvl/Vim mamba-1p1p1 mamba_simple.py):
 * one shared in_proj gives x and z; the forward branch is Mamba's pipeline (causal conv1d, SiLU,
 * SSM, gate SiLU(z)); the backward branch runs the same pipeline with its own conv1d_b, x_proj_b,
 * dt_proj_b, A_b_log and D_b on the sequence-reversed x and z and is reversed back; out_proj
 * takes their average (if_divide_out). Extends core's Mamba, which holds the forward branch
 * under the same names (in_proj, conv1d, x_proj, dt_proj, A_log, D, out_proj).
 *
 * Initialisation as the reference after Vim's _init_weights: the forward branch as mamba_ssm
 * (dt_proj special init, A = -(1..N), D = 1); the backward branch's dt_proj_b is a plain
 * nn.Linear whose bias Vim zeroes (it lacks the _no_reinit flag dt_proj.bias has), so
 * softplus(0) = 0.69 is its initial step; out_proj is kaiming-uniform / sqrt(n_layer).
 */
export class BiMambaV2 extends Mamba {
  readonly aLogB: tf.Variable;
  readonly convB: DepthwiseConv1d;
  readonly xProjB: Linear;
  readonly dtProjB: Linear;
  readonly dSkipB: tf.Variable;

  constructor(dModel: number, options: BiMambaOptions = {}) {
    super(dModel, options);
    const { dInner, dState, dtRank } = this;
    const aLog = new Float32Array(dInner * dState);
    for (let i = 0; i < aLog.length; i++) aLog[i] = Math.log((i % dState) + 1);
    this.aLogB = this.addParameter('A_b_log', [dInner, dState], valuesInit(aLog), { weightDecay: false });
    this.convB = this.addModule('conv1d_b', new DepthwiseConv1d(dInner, options.dConv ?? 4));
    this.xProjB = this.addModule('x_proj_b', new Linear(dInner, dtRank + 2 * dState, { bias: false }));
    this.dtProjB = this.addModule('dt_proj_b', new Linear(dtRank, dInner, { biasInit: constantInit(0) }));
    this.dSkipB = this.addParameter('D_b', [dInner], constantInit(1), { weightDecay: false });
    // Core's out_proj init is U(+-1/sqrt(d_inner)) = kaiming_uniform(a=sqrt 5); Vim divides it by sqrt(n_layer).
    const scale = 1 / Math.sqrt(options.nLayer ?? 1);
    tf.tidy(() => this.outProj.weight.assign(tf.mul(this.outProj.weight, scale)));
  }

  override forward(u: tf.Tensor): tf.Tensor {
    const xz = this.inProj.forward(u);
    const yF = this.branch(xz, this.convWeight, this.convBias, this.xProj, this.dtProj, this.aLog, this.dSkip);
    // Reversing xz once (x and z together) flips both inputs of the backward branch. On wasm
    // tf.reverse of one axis is a row copy (core's Reverse kernel), far cheaper than the
    // anti-identity matMul used before (`mambabench perf --profile` lists kernels per step).
    const yB = this.branch(tf.reverse(xz, 1), this.convB.weight, this.convB.bias, this.xProjB, this.dtProjB, this.aLogB, this.dSkipB);
    return this.outProj.forward(tf.mul(tf.add(yF, tf.reverse(yB, 1)), 0.5));
  }

  /** Mamba's pipeline without out_proj: causal conv1d + SiLU, selective SSM, gate SiLU(z). */
  private branch(xz: tf.Tensor, convW: tf.Tensor, convB: tf.Tensor, xProj: Linear, dtProj: Linear, aLog: tf.Tensor, d: tf.Tensor): tf.Tensor {
    const [x, z] = tf.split(xz, 2, -1);
    const xc = silu(depthwiseConv1d(x, convW, convB, 'causal'));
    return tf.mul(ssm(xc, xProj, dtProj, aLog, d), silu(z));
  }
}
