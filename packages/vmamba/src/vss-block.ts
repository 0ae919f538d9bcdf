import { tf, Module, LayerNorm, Linear, DropPath, SS2D, checkpoint, gelu, truncNormalInit, constantInit, type SS2DOptions } from '@mambabench/core';

/** VMamba's Mlp: fc1 (d -> hidden) -> GELU -> fc2 (hidden -> d), with biases (1x1 convs in ln2d mode). */
export class Mlp extends Module {
  readonly fc1: Linear;
  readonly fc2: Linear;

  constructor(dim: number, hidden: number) {
    super();
    // VSSM._init_weights: trunc_normal(0.02) weights, zero biases (Linear2d is an nn.Linear).
    const init = { weightInit: truncNormalInit(0.02), biasInit: constantInit(0) };
    this.fc1 = this.addModule('fc1', new Linear(dim, hidden, init));
    this.fc2 = this.addModule('fc2', new Linear(hidden, dim, init));
  }

  forward(x: tf.Tensor): tf.Tensor {
    return this.fc2.forward(gelu(this.fc1.forward(x)));
  }
}

export interface VssBlockOptions {
  ssm: SS2DOptions;
  /** MLP hidden ratio; 0 = no MLP branch (Vanilla VMamba). */
  mlpRatio: number;
  dropPath: number;
}

/**
 * VSSBlock (pre-norm): x + DropPath(SS2D(LN(x))), then, if mlp_ratio > 0,
 * x + DropPath(MLP(LN(x))). Names: norm, op, drop_path, norm2, mlp (as vmamba.py).
 */
export class VssBlock extends Module {
  readonly norm: LayerNorm;
  readonly op: SS2D;
  readonly dropPath: DropPath;
  readonly norm2: LayerNorm | null;
  readonly mlp: Mlp | null;

  constructor(readonly dim: number, options: VssBlockOptions) {
    super();
    this.norm = this.addModule('norm', new LayerNorm(dim));
    this.op = this.addModule('op', new SS2D(dim, options.ssm));
    this.dropPath = this.addModule('drop_path', new DropPath(options.dropPath));
    const hasMlp = options.mlpRatio > 0;
    this.norm2 = hasMlp ? this.addModule('norm2', new LayerNorm(dim)) : null;
    this.mlp = hasMlp ? this.addModule('mlp', new Mlp(dim, Math.floor(dim * options.mlpRatio))) : null;
  }

  forward(x: tf.Tensor): tf.Tensor {
    // LN + SS2D is checkpointed when activation checkpointing is on (--checkpoint): its four scan
    // directions hold most of a VMamba step's memory. DropPath stays outside: it is random, and a
    // checkpointed forward must give the same result when it runs again for the gradient.
    const mixed = this.training
      ? checkpoint((xx) => this.op.forward(this.norm.forward(xx)), [x], [...this.norm.trainableVariables(), ...this.op.trainableVariables()])
      : this.op.forward(this.norm.forward(x));
    let h = tf.add(x, this.dropPath.forward(mixed));
    if (this.mlp && this.norm2) h = tf.add(h, this.dropPath.forward(this.mlp.forward(this.norm2.forward(h))));
    return h;
  }
}
