import {
  tf, Conv2d, DirectionalSsm, LayerNorm, Linear, silu, truncNormalInit, polyphaseSplit, polyphaseMerge,
} from '@mambabench/core';

export interface Es2dOptions {
  /** d_state N (16; the tiny yaml's D_STATE never reaches SS2D, see param-counts.md). */
  dState?: number;
  /** ssm_ratio: d_inner = ratio * d_model. */
  ssmRatio?: number;
}

/**
 * EfficientVMamba's "ES2D" (SS2D with forward_type v2 and step_size 2, vmamba_efficient.py):
 *   in_proj (d -> 2 di, no bias) -> x, z; z = SiLU(z);
 *   x -> depthwise conv3x3 (bias) -> SiLU;
 *   atrous split into 4 stride-2 sub-grids (core polyphaseSplit), each scanned forward by its own
 *   selective SSM (x_proj, dt_proj, A, D of direction k);
 *   merge each output back to its own pixels -> out_norm LN(di) -> * z -> out_proj (di -> d).
 *
 * It extends DirectionalSsm so the stacked SSM tensors sit directly under this module with the
 * reference names (op.x_proj_weight, op.dt_projs_weight, op.dt_projs_bias, op.A_logs, op.Ds).
 */
export class ES2D extends DirectionalSsm {
  readonly inProj: Linear;
  readonly conv2d: Conv2d;
  readonly outNorm: LayerNorm;
  readonly outProj: Linear;

  constructor(readonly dModel: number, options: Es2dOptions = {}) {
    const dInner = Math.floor((options.ssmRatio ?? 2) * dModel);
    super(4, dInner, options.dState ?? 16, Math.ceil(dModel / 16));
    // VSSM._init_weights re-initialises the nn.Linear projections with trunc_normal(0.02); the
    // depthwise conv keeps PyTorch's default; x_proj/dt_proj/A/D keep the Mamba init.
    this.inProj = this.addModule('in_proj', new Linear(dModel, 2 * dInner, { bias: false, weightInit: truncNormalInit(0.02) }));
    this.conv2d = this.addModule('conv2d', new Conv2d(dInner, dInner, 3, { padding: 1, groups: dInner, bias: true }));
    this.outNorm = this.addModule('out_norm', new LayerNorm(dInner));
    this.outProj = this.addModule('out_proj', new Linear(dInner, dModel, { bias: false, weightInit: truncNormalInit(0.02) }));
  }

  /** x: [B, H, W, d_model] -> [B, H, W, d_model]. */
  override forward(x?: tf.Tensor): tf.Tensor {
    if (!x) throw new Error('ES2D: forward needs an input map');
    const [, height, width] = x.shape;
    const [xi, zi] = tf.split(this.inProj.forward(x), 2, -1);
    const z = silu(zi);
    const u = silu(this.conv2d.forward(xi));
    const ys = this.scan(polyphaseSplit(u));
    const y = this.outNorm.forward(polyphaseMerge(ys, { height, width }));
    return this.outProj.forward(tf.mul(y, z));
  }
}
