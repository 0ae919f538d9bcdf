import { tf, Module, Sequential, Conv2d, BatchNorm2d, GELU, LayerNorm } from '@mambabench/core';
import { ES2D, type Es2dOptions } from './es2d';
import { BiAttn } from './bi-attn';
import { DropPath } from '@mambabench/core';

/**
 * EfficientVMamba's EVSS block (VSSBlock in vmamba_efficient.py with mlp_ratio 0), on NHWC:
 *   n = LN(x)
 *   s = ES2D(n)                                             (global: atrous selective scan)
 *   c = dwconv3x3(bias) -> BN -> GELU -> conv1x1(bias) (n)  (local: conv branch)
 *   x + DropPath(SE(s) + SE(c))                             (one BiAttn shared by both branches)
 */
export class EvssBlock extends Module {
  readonly norm: LayerNorm;
  readonly op: ES2D;
  readonly convBranch: Sequential;
  readonly se: BiAttn;
  readonly dropPath: DropPath;

  constructor(readonly dim: number, dropPath = 0, ssm: Es2dOptions = {}) {
    super();
    this.norm = this.addModule('norm', new LayerNorm(dim));
    this.op = this.addModule('op', new ES2D(dim, ssm));
    this.convBranch = this.addModule('conv_branch', new Sequential(
      new Conv2d(dim, dim, 3, { padding: 1, groups: dim, bias: true }),
      new BatchNorm2d(dim),
      new GELU(),
      new Conv2d(dim, dim, 1, { bias: true }),
    ));
    this.se = this.addModule('se', new BiAttn(dim));
    this.dropPath = this.addModule('drop_path', new DropPath(dropPath));
  }

  forward(x: tf.Tensor): tf.Tensor {
    const n = this.norm.forward(x);
    const s = this.op.forward(n);
    const c = this.convBranch.forward(n);
    return tf.add(x, this.dropPath.forward(tf.add(this.se.forward(s), this.se.forward(c))));
  }
}
