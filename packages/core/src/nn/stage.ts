import * as tf from '@tensorflow/tfjs-core';
import { Module, Sequential } from './module';

/**
 * One stage of a hierarchical backbone: its blocks, then an optional downsample, under the
 * reference names `blocks.N.*` and `downsample.*` (VMamba's and MedMamba's VSSLayer).
 */
export class Stage extends Module {
  readonly blocks: Sequential;
  readonly downsample: Module | null;

  constructor(blocks: Module[], downsample: Module | null) {
    super();
    this.blocks = this.addModule('blocks', new Sequential(...blocks));
    this.downsample = downsample ? this.addModule('downsample', downsample) : null;
  }

  forward(x: tf.Tensor): tf.Tensor {
    const h = this.blocks.forward(x);
    return this.downsample ? this.downsample.forward(h) : h;
  }
}
