import * as tf from '@tensorflow/tfjs-core';
import { Module } from '../nn/module';
import { Linear, linear } from '../nn/linear';
import { activationCheckpointing, checkpoint } from '../nn/activation-checkpointing';
import { silu } from '../nn/activations';
import { torchDefaultInit, uniformInit, valuesInit, constantInit } from '../nn/init';
import { selectiveSsm } from './ssm-core';
import { aLogInit, dtBiasInit } from './mamba-init';
import { depthwiseConv1d } from './causal-conv1d';

export interface MambaOptions {
  dState?: number;
  dConv?: number;
  expand?: number;
  /** Defaults to ceil(dModel / 16), as mamba_ssm's dt_rank="auto". */
  dtRank?: number;
}

/**
 * The Mamba (S6) block of state-spaces/mamba (mamba_simple.Mamba), parameters named as there:
 * in_proj, conv1d (weight, bias), x_proj, dt_proj (weight, bias), A_log, D, out_proj.
 * Input and output: [B, L, d_model].
 */
export class Mamba extends Module {
  readonly dInner: number;
  readonly dState: number;
  readonly dtRank: number;
  readonly inProj: Linear;
  readonly convWeight: tf.Variable;
  readonly convBias: tf.Variable;
  readonly xProj: Linear;
  readonly dtProj: Linear;
  readonly aLog: tf.Variable;
  readonly dSkip: tf.Variable;
  readonly outProj: Linear;

  constructor(readonly dModel: number, options: MambaOptions = {}) {
    super();
    const dState = (this.dState = options.dState ?? 16);
    const dConv = options.dConv ?? 4;
    const dInner = (this.dInner = (options.expand ?? 2) * dModel);
    const rank = (this.dtRank = options.dtRank ?? Math.ceil(dModel / 16));
    this.inProj = this.addModule('in_proj', new Linear(dModel, 2 * dInner, { bias: false }));
    // nn.Conv1d(groups=d_inner) default init: fan_in = k for both weight and bias.
    const convModule = new DepthwiseConv1d(dInner, dConv);
    this.addModule('conv1d', convModule);
    this.convWeight = convModule.weight;
    this.convBias = convModule.bias;
    this.xProj = this.addModule('x_proj', new Linear(dInner, rank + 2 * dState, { bias: false }));
    const dtStd = rank ** -0.5;
    this.dtProj = this.addModule('dt_proj', new Linear(rank, dInner, {
      weightInit: uniformInit(-dtStd, dtStd),
      biasInit: valuesInit(dtBiasInit(dInner)),
    }));
    this.aLog = this.addParameter('A_log', [dInner, dState], valuesInit(aLogInit(dInner, dState)), { weightDecay: false });
    this.dSkip = this.addParameter('D', [dInner], constantInit(1), { weightDecay: false });
    this.outProj = this.addModule('out_proj', new Linear(dInner, dModel, { bias: false }));
  }

  forward(u: tf.Tensor): tf.Tensor {
    if (this.training && activationCheckpointing()) return this.checkpointedForward(u);
    // Stages in nested tidies so their temporaries go as soon as they are used (inference holds
    // a few (B, L, d_inner) tensors instead of all ~15; a recording tape keeps its own clones).
    const x = tf.tidy(() => this.xBranch(u));
    const y = tf.tidy(() => ssm(x, this.xProj, this.dtProj, this.aLog, this.dSkip));
    return tf.tidy(() => this.gate(y, u));
  }

  /**
   * in_proj runs as its two halves (x and z) rather than one product split in two: on wasm the
   * split of the last axis is a strided copy (SplitV + Concat in backward took a measurable share
   * of an nnMamba step), slicing the small weight is not.
   */
  private inProjHalf(u: tf.Tensor, half: 0 | 1): tf.Tensor {
    return linear(u, tf.slice(this.inProj.weight, [0, half * this.dInner], [this.dModel, this.dInner]));
  }

  /** x = SiLU(causal depthwise conv1d(u W_x)). */
  private xBranch(u: tf.Tensor): tf.Tensor {
    return silu(depthwiseConv1d(this.inProjHalf(u, 0), this.convWeight, this.convBias, 'causal'));
  }

  /** out_proj(y * SiLU(u W_z)). */
  private gate(y: tf.Tensor, u: tf.Tensor): tf.Tensor {
    return this.outProj.forward(tf.mul(y, silu(this.inProjHalf(u, 1))));
  }

  /**
   * The same forward as three checkpointed branches (u -> x, x -> y, (y, u) -> out), so the
   * backward holds one branch's activations at a time: over the 224-px nnMamba stem's 12,544
   * tokens one un-split Mamba's backward held ~45 (B, L, d_inner) tensors, most of the step's
   * peak.
   */
  private checkpointedForward(u: tf.Tensor): tf.Tensor {
    const w = this.inProj.weight;
    const x = checkpoint((uu) => this.xBranch(uu), [u], [w, this.convWeight, this.convBias]);
    const y = checkpoint(
      (xx) => ssm(xx, this.xProj, this.dtProj, this.aLog, this.dSkip),
      [x], [this.xProj.weight, this.dtProj.weight, this.dtProj.bias!, this.aLog, this.dSkip],
    );
    return checkpoint((yy, uu) => this.gate(yy, uu), [y, u], [w, this.outProj.weight]);
  }
}

/**
 * A depthwise nn.Conv1d (groups = channels) under PyTorch's names weight / bias, weight stored
 * [1, k, C, 1] for tfjs; default init with fan_in = k. Causal by default, as in Mamba.
 */
export class DepthwiseConv1d extends Module {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;
  constructor(channels: number, k: number, readonly mode: 'causal' | 'same' = 'causal') {
    super();
    this.weight = this.addParameter('weight', [1, k, channels, 1], torchDefaultInit(k));
    this.bias = this.addParameter('bias', [channels], torchDefaultInit(k));
  }
  forward(x: tf.Tensor): tf.Tensor {
    return depthwiseConv1d(x, this.weight, this.bias, this.mode);
  }
}

/** Mamba's SSM through the shared core, with its Linear weights. x: [B, L, d_inner]. */
export function ssm(x: tf.Tensor, xProj: Linear, dtProj: Linear, aLog: tf.Tensor, dSkip: tf.Tensor): tf.Tensor3D {
  return selectiveSsm(x, { xProj: xProj.weight, dtProj: dtProj.weight, dtBias: dtProj.bias!, aLog, d: dSkip });
}
