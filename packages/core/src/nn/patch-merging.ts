import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module';
import { LayerNorm } from './layer-norm';
import { Linear } from './linear';
import { truncNormalInit, type Initializer } from './init';

/**
 * Swin-style 2x2 neighbourhood concatenation on NHWC maps, as VMamba / MedMamba /
 * EfficientVMamba's PatchMerging2D builds it: out[b, i, j] = concat(x[2i, 2j], x[2i+1, 2j],
 * x[2i, 2j+1], x[2i+1, 2j+1]) over channels, i.e. [B, H, W, C] -> [B, H/2, W/2, 4C].
 *
 * The channel order matters (the LayerNorm(4C) and the Linear weight are per channel), so it is
 * kept exactly; two rank-4 transposes do it (rank >= 5 transposes are slow on tfjs-wasm).
 *
 * Odd sizes: 'pad' zero-pads the bottom/right (VMamba v2's _patch_merging_pad, Swin);
 * 'truncate' drops the last row/column (MedMamba's SHAPE_FIX path).
 */
export function patchMerge2x2(x: tf.Tensor, odd: 'pad' | 'truncate' = 'pad'): tf.Tensor4D {
  const [b, height, width, c] = x.shape as [number, number, number, number];
  let src = x;
  let h = height;
  let w = width;
  if (height % 2 || width % 2) {
    if (odd === 'pad') {
      h = height + (height % 2);
      w = width + (width % 2);
      src = tf.pad(x, [[0, 0], [0, h - height], [0, w - width], [0, 0]]);
    } else {
      h = height - (height % 2);
      w = width - (width % 2);
      src = tf.slice(x, [0, 0, 0, 0], [b, h, w, c]);
    }
  }
  const [h2, w2] = [h / 2, w / 2];
  // [b*h2, i, w2, (j, c)] -> [b*h2, w2, i, (j, c)]
  const rowsInner = tf.transpose(tf.reshape(src, [b * h2, 2, w2, 2 * c]), [0, 2, 1, 3]);
  // [(b, h2, w2), i, j, c] -> [(b, h2, w2), j, i, c]: the concat order (0,0), (1,0), (0,1), (1,1).
  const colsOuter = tf.transpose(tf.reshape(rowsInner, [b * h2 * w2, 2, 2, c]), [0, 2, 1, 3]);
  return tf.reshape(colsOuter, [b, h2, w2, 4 * c]) as tf.Tensor4D;
}

/**
 * PatchMerging2D: 2x2 concat -> LayerNorm(4C) -> Linear(4C -> 2C, no bias). Member order and
 * names follow the PyTorch state_dict (reduction.weight, norm.weight, norm.bias). The Linear is
 * trunc_normal(0.02)-initialised because every model that uses this block re-initialises
 * nn.Linear that way.
 */
export class PatchMerging extends Module {
  readonly reduction: Linear;
  readonly norm: LayerNorm;
  private readonly odd: 'pad' | 'truncate';

  constructor(
    readonly dim: number,
    options: { outDim?: number; odd?: 'pad' | 'truncate'; weightInit?: Initializer; eps?: number } = {},
  ) {
    super();
    this.odd = options.odd ?? 'pad';
    this.reduction = this.addModule('reduction', new Linear(4 * dim, options.outDim ?? 2 * dim, {
      bias: false,
      weightInit: options.weightInit ?? truncNormalInit(0.02),
    }));
    this.norm = this.addModule('norm', new LayerNorm(4 * dim, options.eps ?? 1e-5));
  }

  forward(x: tf.Tensor): tf.Tensor {
    return this.reduction.forward(this.norm.forward(patchMerge2x2(x, this.odd)));
  }
}
