import { tf, Module, Sequential, Conv2d, BatchNorm2d, ReLU } from '@mambabench/core';

/** DoubleConv (in_conv): conv3x3 s2 (bias) -> BN -> ReLU -> conv3x3 (bias) -> BN -> ReLU. */
export function doubleConv(inCh: number, outCh: number, stride = 2): Sequential {
  return new Sequential(
    new Conv2d(inCh, outCh, 3, { stride, padding: 1 }),
    new BatchNorm2d(outCh),
    new ReLU(),
    new Conv2d(outCh, outCh, 3, { padding: 1 }),
    new BatchNorm2d(outCh),
    new ReLU(),
  );
}

/** ResNet BasicBlock: conv3x3(s) -> BN -> ReLU -> conv3x3 -> BN, + shortcut, ReLU. No conv bias. */
export class BasicBlock extends Module {
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm2d;
  readonly downsample: Sequential | null;

  constructor(inCh: number, outCh: number, stride: number, withDownsample: boolean) {
    super();
    this.conv1 = this.addModule('conv1', new Conv2d(inCh, outCh, 3, { stride, padding: 1, bias: false }));
    this.bn1 = this.addModule('bn1', new BatchNorm2d(outCh));
    this.conv2 = this.addModule('conv2', new Conv2d(outCh, outCh, 3, { padding: 1, bias: false }));
    this.bn2 = this.addModule('bn2', new BatchNorm2d(outCh));
    this.downsample = withDownsample
      ? this.addModule('downsample', new Sequential(new Conv2d(inCh, outCh, 1, { stride, bias: false }), new BatchNorm2d(outCh)))
      : null;
  }

  forward(x: tf.Tensor): tf.Tensor {
    const out = this.bn2.forward(this.conv2.forward(tf.relu(this.bn1.forward(this.conv1.forward(x)))));
    const shortcut = this.downsample ? this.downsample.forward(x) : x;
    return tf.relu(tf.add(out, shortcut));
  }
}

/**
 * make_res_layer of nnMamba4cls.py: `blocks` BasicBlocks, the first with stride and (always) a
 * 1x1 downsample shortcut.
 */
export function resLayer(inCh: number, outCh: number, blocks: number, stride: number): Sequential {
  const layers: Module[] = [new BasicBlock(inCh, outCh, stride, true)];
  for (let i = 1; i < blocks; i++) layers.push(new BasicBlock(outCh, outCh, 1, false));
  return new Sequential(...layers);
}
