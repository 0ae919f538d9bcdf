import { tf, Module, Sequential, Conv2d, BatchNorm2d, ReLU, SqueezeExcite } from '@mambabench/core';
import { DropPath } from '@mambabench/core';

/**
 * MobileNetV2 inverted residual with squeeze-excite, as EfficientVMamba's stages 3-4 build it
 * (InvertedResidual in lib/models/operations.py with expand_ratio 4, se_ratio 0.125, ReLU,
 * stride 1, C -> C):
 *   conv_pw:  1x1 C -> 4C (no bias) -> BN -> ReLU
 *   conv_dw:  depthwise 3x3 (no bias) -> BN -> ReLU
 *   se:       SqueezeExcite(4C, int(4C * 0.125)) with ReLU and sigmoid
 *   conv_pw2: 1x1 4C -> C (no bias) -> BN
 *   x + drop_connect(...)
 * Convs keep PyTorch's default init (EfficientVSSM only re-initialises Linear and LayerNorm).
 */
export class InvertedResidual extends Module {
  readonly convPw: Sequential;
  readonly convDw: Sequential;
  readonly se: SqueezeExcite;
  readonly convPw2: Sequential;
  readonly dropConnect: DropPath;

  constructor(readonly channels: number, dropConnectRate = 0, expandRatio = 4, seRatio = 0.125) {
    super();
    const mid = Math.floor(channels * expandRatio);
    this.convPw = this.addModule('conv_pw', new Sequential(
      new Conv2d(channels, mid, 1, { bias: false }), new BatchNorm2d(mid), new ReLU(),
    ));
    this.convDw = this.addModule('conv_dw', new Sequential(
      new Conv2d(mid, mid, 3, { padding: 1, groups: mid, bias: false }), new BatchNorm2d(mid), new ReLU(),
    ));
    this.se = this.addModule('se', new SqueezeExcite(mid, Math.max(1, Math.floor(mid * seRatio))));
    this.convPw2 = this.addModule('conv_pw2', new Sequential(
      new Conv2d(mid, channels, 1, { bias: false }), new BatchNorm2d(channels),
    ));
    this.dropConnect = this.addModule('drop_connect', new DropPath(dropConnectRate));
  }

  forward(x: tf.Tensor): tf.Tensor {
    const y = this.convPw2.forward(this.se.forward(this.convDw.forward(this.convPw.forward(x))));
    return tf.add(x, this.dropConnect.forward(y));
  }
}
