'use strict';
// src/model.ts and src/index.ts of a package generated without --from: a small but complete
// Mamba classifier to edit, and its family (the same shape as every family's register.ts).

const templateModel = (name) => `import { tf, Module, Sequential, Conv2d, BatchNorm2d, ReLU, Mamba, LayerNorm, Linear, globalAvgPool } from '@mambabench/core';

export interface ModelConfig {
  inChannels: number;
  numClasses: number;
  /** Width of the stem output and of the Mamba. */
  channels: number;
  /** SSM state size of the Mamba. */
  dState: number;
}

/**
 * Template: two strided 3x3 conv stages (H/4 x W/4) -> the H/4 * W/4 map flattened row-major into
 * a sequence -> one Mamba with a residual -> LayerNorm -> global average pool -> Linear.
 * LayerNorm, not BatchNorm, before the pool: with a batch of 2 a train-mode BatchNorm there makes
 * the two logits opposite and the head bias gets no gradient.
 */
export class Model extends Module {
  readonly stem: Sequential;
  readonly mamba: Mamba;
  readonly norm: LayerNorm;
  readonly head: Linear;

  constructor(readonly config: ModelConfig) {
    super();
    const { inChannels, numClasses, channels: ch } = config;
    const half = Math.max(1, ch >> 1);
    this.stem = this.addModule('stem', new Sequential(
      new Conv2d(inChannels, half, 3, { stride: 2, padding: 1, bias: false }), new BatchNorm2d(half), new ReLU(),
      new Conv2d(half, ch, 3, { stride: 2, padding: 1, bias: false }), new BatchNorm2d(ch), new ReLU(),
    ));
    this.mamba = this.addModule('mamba', new Mamba(ch, { dState: config.dState, dConv: 4, expand: 2 }));
    this.norm = this.addModule('norm', new LayerNorm(ch));
    this.head = this.addModule('head', new Linear(ch, numClasses));
  }

  forward(x: tf.Tensor): tf.Tensor {
    const h = this.stem.forward(x);
    const [b, hh, ww, c] = h.shape;
    const seq = tf.reshape(h, [b, hh * ww, c]);
    const mixed = this.norm.forward(tf.add(this.mamba.forward(seq), seq));
    return this.head.forward(globalAvgPool(tf.reshape(mixed, [b, hh, ww, c])));
  }
}
`;

// numParams() of the template's config at 2 classes, 3 channels (checked by the generated test).
const TEMPLATE_PARAMS = '13_650';

const templateIndexTs = (name, exportName) => `import { registerFamily, type ModelFamily } from '@mambabench/core';
import { Model, type ModelConfig } from './model';

export { Model, type ModelConfig } from './model';

/**
 * The model of ./model.ts and the variants this package registers. When the parameter count
 * changes, set \`params\` (the test prints the new count). Names must be unique across packages.
 */
export const ${exportName}: ModelFamily<Omit<ModelConfig, 'inChannels' | 'numClasses'>> = {
  family: '${name}',
  source: '@mambabench/${name}',
  create: (config, o) => new Model({ ...config, inChannels: o.inChannels, numClasses: o.numClasses }),
  variants: [
    { name: '${name}', size: 'scaled', params: ${TEMPLATE_PARAMS}, description: '${name}: conv stem, one Mamba over the H/4 x W/4 map, pool, linear (template)',
      config: { channels: 32, dState: 8 } },
  ],
};

// Importing the package registers its variants (the runner imports every model package).
registerFamily(${exportName});
`;

module.exports = { templateModel, templateIndexTs };
