'use strict';
// Texts of the generated files that do not depend on the model: package.json, index.ts,
// register.ts, the test, the README stub and the experiment.

const packageJson = (name) => JSON.stringify({
  name: `@mambabench/${name}`,
  version: '0.1.0',
  private: true,
  type: 'module',
  exports: { '.': './src/index.ts' },
  // The root vitest.config.ts holds the one test configuration; --project runs only this package's.
  scripts: { test: `vitest run --config ../../vitest.config.ts --project ${name}`, typecheck: 'tsc -p tsconfig.json' },
  dependencies: { '@mambabench/core': '*', '@tensorflow/tfjs-core': '4.22.0' },
  // The tag makes the runner's tests (bench implicitly depends on tag:model) re-run when this package changes.
  nx: { name, tags: ['model'] },
  mambabench: { models: true },
}, null, 2) + '\n';

const indexTs = () => `import { registerVariants } from './register';

export * from './model';
export { registerVariants } from './register';

// Importing the package registers its variants (the runner imports every model package).
registerVariants();
`;

const registerTs = (name) => `import { registerModel, type ModelBuildOptions } from '@mambabench/core';
import { FAMILY, MODEL, VARIANTS } from './model';

const SOURCE = '@mambabench/${name}';

/** Registers every entry of VARIANTS (src/model.ts); the registry rejects a name another package uses. */
export function registerVariants(): void {
  for (const v of VARIANTS) {
    registerModel({
      name: v.name,
      family: FAMILY,
      size: v.size,
      description: v.description,
      build: (o: ModelBuildOptions) => new MODEL({ ...v.config, inChannels: o.inChannels, numClasses: o.numClasses }),
      expectedParams: () => v.params,
    }, SOURCE);
  }
}
`;

const testTs = () => `import { describe, expect, it } from 'vitest';
import { tf, getModel, initBackend, AdamW, trainStep } from '@mambabench/core';
import { parametersWithoutGradient } from '@mambabench/core/testing';
import { VARIANTS } from './model';
import './index';

const names = VARIANTS.map((v) => v.name);
const build = (name: string) => getModel(name).build({ numClasses: 2, imageSize: 64, inChannels: 3 });

describe('variants of this package', () => {
  it.each(names)('%s has the parameter count it registers (update "params" in src/model.ts when you change the model)', async (name) => {
    await initBackend('cpu');
    const model = build(name);
    expect(model.numParams()).toBe(getModel(name).expectedParams?.(64));
    model.dispose();
  });

  it.each(names)('%s trains on wasm: every parameter gets a gradient, the loss is finite, no tensor leaks', async (name) => {
    await initBackend('wasm');
    const model = build(name);
    const x = tf.randomNormal([4, 64, 64, 3], 0, 1, 'float32', 1);
    const labels = tf.tensor1d([0, 1, 1, 0], 'int32');
    expect(parametersWithoutGradient(model, x, labels)).toEqual([]);
    const optimizer = new AdamW(model.parameters(), { lr: 1e-3 });
    const first = trainStep(model, optimizer, x, labels); // the first step creates the optimizer state
    tf.dispose([first.loss, first.correct]); // a step's results stay on the device until read
    const before = tf.memory().numTensors;
    const { loss, correct } = trainStep(model, optimizer, x, labels);
    expect(Number.isFinite((await loss.data())[0])).toBe(true);
    tf.dispose([loss, correct]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, labels]);
    model.dispose();
  });
});
`;

const readme = (name, parent) => `# @mambabench/${name}

${parent
    ? `A variant of ${parent.family}, generated from \`packages/${parent.dir}\` (a copy of its \`src/\`, the main model file as \`src/model.ts\`), starting from the config of \`${parent.parentVariant}\`.`
    : 'A model package generated from the template (conv stem, Mamba over the flattened map, pool, linear).'}

- Edit the model and the \`VARIANTS\` list at the bottom of \`src/model.ts\` (keep \`params\` equal to the model's parameter count; the test tells you the new one).
- \`npx nx run ${name}:test\`
- \`npx nx run bench:sweep -- --experiment experiments/${name}.json\` (report in \`reports/${name}/\`)

What changed against the parent, and why: (write it here)
`;

const experiment = (name, models, parentVariant) => JSON.stringify({
  name,
  description: `${models[0]} against ${parentVariant} on the embedded synthetic data at 64 px: the default experiment's protocol (7 epochs of 480 images, AdamW 1e-3, cosine over the run, no augmentation, lesions drawn 4x larger so a short run learns), one seed, both runs at once: about 5 minutes on a 2-core CPU. Add seeds before reading a difference as real.`,
  models,
  seeds: [1],
  data: { kind: 'synthetic', train: 480, valid: 256, test: 256, seed: 0, lesion_scale: 4 },
  image_size: 64,
  batch_size: 32,
  eval_batch_size: 64,
  epochs: 7,
  optimizer: { name: 'adamw', lr: 0.001, weight_decay: 0.01, betas: [0.9, 0.999], eps: 1e-8 },
  schedule: { name: 'cosine', t_max: 7, eta_min: 1e-6 },
  augment: 'none',
  jobs: 2,
}, null, 2) + '\n';

module.exports = { packageJson, indexTs, registerTs, testTs, readme, experiment };
