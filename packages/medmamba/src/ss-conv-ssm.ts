import {
  tf, Module, Sequential, BatchNorm2d, Conv2d, ReLU, LayerNorm, SS2D, DropPath, channelShuffle, truncNormalInit,
} from '@mambabench/core';
import { kaimingNormalFanOutInit } from './kaiming';

/** MedMamba's convs: PyTorch-default bias, kaiming_normal(fan_out) weight (VSSM.__init__'s last loop). */
const conv = (inC: number, outC: number, k: number, options: { padding?: number; groups?: number; bias?: boolean } = {}) =>
  new Conv2d(inC, outC, k, { ...options, weightInit: kaimingNormalFanOutInit(outC, k) });

export interface SsConvSsmOptions {
  dState: number;
  dropPath: number;
}

/**
 * MedMamba's SS-Conv-SSM block (MedMamba.py SS_Conv_SSM) on x [B, H, W, C]:
 *   left, right = the first / last C/2 channels
 *   right -> ln_1 -> SS2D(d_model C/2, d_inner C, gate) -> DropPath
 *   left  -> BN -> conv3x3 -> BN -> ReLU -> conv3x3 -> BN -> ReLU -> conv1x1 -> ReLU
 *   out = channelShuffle(concat[left, right], 2) + x
 * Names: ln_1, self_attention (the SS2D), drop_path, conv33conv33conv11.{0..8} (ReLUs keep their
 * slots as in the nn.Sequential). The convs are ordinary (groups 1): the split is the only grouping.
 */
export class SsConvSsm extends Module {
  readonly ln1: LayerNorm;
  readonly selfAttention: SS2D;
  readonly dropPath: DropPath;
  readonly convBranch: Sequential;

  constructor(readonly hiddenDim: number, options: SsConvSsmOptions) {
    super();
    if (hiddenDim % 2) throw new Error(`SsConvSsm: hidden_dim ${hiddenDim} must be even`);
    const half = hiddenDim / 2;
    // VSSM passes norm_layer=nn.LayerNorm (eps 1e-5), overriding the block's eps=1e-6 default.
    this.ln1 = this.addModule('ln_1', new LayerNorm(half));
    this.selfAttention = this.addModule('self_attention', new SS2D(half, {
      dState: options.dState, ssmRatio: 2, gate: true, convBias: true,
      convInit: kaimingNormalFanOutInit(2 * half, 3), linearInit: truncNormalInit(0.02),
    }));
    this.dropPath = this.addModule('drop_path', new DropPath(options.dropPath));
    this.convBranch = this.addModule('conv33conv33conv11', new Sequential(
      new BatchNorm2d(half),
      conv(half, half, 3, { padding: 1 }),
      new BatchNorm2d(half),
      new ReLU(),
      conv(half, half, 3, { padding: 1 }),
      new BatchNorm2d(half),
      new ReLU(),
      conv(half, half, 1),
      new ReLU(),
    ));
  }

  forward(x: tf.Tensor): tf.Tensor {
    const [left, right] = tf.split(x, 2, -1);
    const ssm = this.dropPath.forward(this.selfAttention.forward(this.ln1.forward(right)));
    const local = this.convBranch.forward(left);
    return tf.add(channelShuffle(tf.concat([local, ssm], -1), 2), x);
  }
}
