import * as tf from '@tensorflow/tfjs-core';
import { Module } from '../nn/module';
import { torchDefaultInit, uniformInit, valuesInit, constantInit } from '../nn/init';
import { aLogInit, dtBiasInit } from './mamba-init';
import { selectiveSsm } from './ssm-core';

/**
 * K selective SSMs with their own parameters, stored stacked as VMamba / MedMamba /
 * EfficientVMamba do (names and element counts as there): x_proj_weight [K, d_inner, R+2N],
 * dt_projs_weight [K, R, d_inner], dt_projs_bias [K, d_inner], A_logs [K*d_inner, N], Ds [K*d_inner].
 * Each direction k scans its own sequence; the caller arranges the sequences (cross-scan,
 * polyphase split, ...) and merges the outputs.
 */
export class DirectionalSsm extends Module {
  readonly xProj: tf.Variable;
  readonly dtProj: tf.Variable;
  readonly dtBias: tf.Variable;
  readonly aLogs: tf.Variable;
  readonly ds: tf.Variable;

  constructor(readonly directions: number, readonly dInner: number, readonly dState: number, readonly dtRank: number) {
    super();
    const k = directions;
    const dtStd = dtRank ** -0.5;
    this.xProj = this.addParameter('x_proj_weight', [k, dInner, dtRank + 2 * dState], torchDefaultInit(dInner));
    this.dtProj = this.addParameter('dt_projs_weight', [k, dtRank, dInner], uniformInit(-dtStd, dtStd));
    const bias = new Float32Array(k * dInner);
    for (let i = 0; i < k; i++) bias.set(dtBiasInit(dInner), i * dInner);
    this.dtBias = this.addParameter('dt_projs_bias', [k, dInner], valuesInit(bias));
    const aLog = new Float32Array(k * dInner * dState);
    for (let i = 0; i < k; i++) aLog.set(aLogInit(dInner, dState), i * dInner * dState);
    this.aLogs = this.addParameter('A_logs', [k * dInner, dState], valuesInit(aLog), { weightDecay: false });
    this.ds = this.addParameter('Ds', [k * dInner], constantInit(1), { weightDecay: false });
  }

  /** Scans xs[k] ([B, L, d_inner], any L per direction) with direction k's parameters. */
  scan(xs: tf.Tensor[]): tf.Tensor3D[] {
    if (xs.length !== this.directions) throw new Error(`DirectionalSsm: ${xs.length} sequences for ${this.directions} directions`);
    const take = (v: tf.Tensor, k: number) => tf.squeeze(tf.slice(v, k, 1), [0]);
    return xs.map((x, k) => selectiveSsm(x, {
      xProj: take(this.xProj, k),
      dtProj: take(this.dtProj, k),
      dtBias: take(this.dtBias, k),
      aLog: tf.slice(this.aLogs, [k * this.dInner, 0], [this.dInner, this.dState]),
      d: tf.slice(this.ds, k * this.dInner, this.dInner),
    }));
  }

  forward(): tf.Tensor {
    throw new Error('DirectionalSsm: call scan(sequences) with one sequence per direction');
  }
}
