import * as tf from '@tensorflow/tfjs-core';
import { DirectionalSsm } from './directional-ssm';
import { Conv2d } from '../nn/conv2d';
import { LayerNorm } from '../nn/layer-norm';
import { Linear } from '../nn/linear';
import { silu } from '../nn/activations';
import { truncNormalInit, type Initializer } from '../nn/init';
import { crossScan, crossMerge } from '../ops/cross-scan';

export interface SS2DOptions {
  /** d_state N. */
  dState: number;
  /** ssm_ratio / expand: d_inner = ratio * d_model. */
  ssmRatio: number;
  /** dt_rank R; default ceil(d_model / 16) ("auto" in both repos). */
  dtRank?: number;
  /**
   * The z branch: in_proj gives x and z (d -> 2 d_inner) and the output is LN(y) * SiLU(z)
   * (VMamba v0, MedMamba). Without it (VMamba "_noz") in_proj is d -> d_inner and there is no gate.
   */
  gate: boolean;
  /** Bias of the depthwise conv3x3 (conv_bias). */
  convBias: boolean;
  /** Init of the depthwise conv weight; default PyTorch's (MedMamba re-initialises it). */
  convInit?: Initializer;
  /** Init of in_proj / out_proj; default trunc_normal(0.02), as every user's _init_weights does. */
  linearInit?: Initializer;
  /** Epsilon of out_norm. */
  eps?: number;
}

/**
 * VMamba's 2D selective scan block (SS2D) with the 4-way cross-scan, in the two forms the
 * benchmark uses: VMamba v0 / MedMamba (gate, d_state 16, ratio 2, conv bias) and VMamba v05_noz
 * (no gate, d_state 1, ratio 1, no conv bias). On x [B, H, W, d_model]:
 *   in_proj (1x1, no bias) -> x [, z];  x -> depthwise conv3x3 -> SiLU;
 *   crossScan -> 4 sequences, each through its own selective SSM (x_proj_k, dt_proj_k, A_k, D_k);
 *   crossMerge (map back, sum) -> out_norm LN(d_inner) [-> * SiLU(z)] -> out_proj (no bias).
 *
 * It extends DirectionalSsm so the stacked SSM tensors sit directly under this module with the
 * reference names (x_proj_weight, dt_projs_weight, dt_projs_bias, A_logs, Ds); the children are
 * in_proj, conv2d, out_norm, out_proj. The SSM tensors keep the Mamba initialisation.
 */
export class SS2D extends DirectionalSsm {
  readonly inProj: Linear;
  readonly conv2d: Conv2d;
  readonly outNorm: LayerNorm;
  readonly outProj: Linear;
  readonly gate: boolean;

  constructor(readonly dModel: number, options: SS2DOptions) {
    const dInner = Math.floor(options.ssmRatio * dModel);
    super(4, dInner, options.dState, options.dtRank ?? Math.ceil(dModel / 16));
    this.gate = options.gate;
    const linearInit = options.linearInit ?? truncNormalInit(0.02);
    this.inProj = this.addModule('in_proj', new Linear(dModel, (this.gate ? 2 : 1) * dInner, { bias: false, weightInit: linearInit }));
    this.conv2d = this.addModule('conv2d', new Conv2d(dInner, dInner, 3, {
      padding: 1, groups: dInner, bias: options.convBias, weightInit: options.convInit,
    }));
    this.outNorm = this.addModule('out_norm', new LayerNorm(dInner, options.eps ?? 1e-5));
    this.outProj = this.addModule('out_proj', new Linear(dInner, dModel, { bias: false, weightInit: linearInit }));
  }

  /** x: [B, H, W, d_model] -> [B, H, W, d_model]. */
  override forward(x?: tf.Tensor): tf.Tensor {
    if (!x) throw new Error('SS2D: forward needs an input map');
    const [, height, width] = x.shape;
    const projected = this.inProj.forward(x);
    const [xi, z] = this.gate ? tf.split(projected, 2, -1) : [projected, null];
    const u = silu(this.conv2d.forward(xi));
    const y = this.outNorm.forward(crossMerge(this.scan(crossScan(u)), height, width));
    return this.outProj.forward(z ? tf.mul(y, silu(z)) : y);
  }
}
