'use strict';
// Texts of the generated files: package.json, the src/index.ts of a variant derived from a family,
// the test, the README stub and the experiment. The template model's files are in template-model.cjs.

const packageJson = (name, dependencies) => JSON.stringify({
  name: `@mambabench/${name}`,
  version: '0.1.0',
  private: true,
  type: 'module',
  exports: { '.': './src/index.ts' },
  // The root vitest.config.ts holds the one test configuration; --project runs only this package's.
  scripts: { test: `vitest run --config ../../vitest.config.ts --project ${name}`, typecheck: 'tsc -p tsconfig.json' },
  dependencies,
  // The tag makes the runner's tests (bench implicitly depends on tag:model) re-run when this package changes.
  nx: { name, tags: ['model'] },
  mambabench: { models: true },
}, null, 2) + '\n';

/**
 * src/index.ts of a variant of a family: the family's ModelFamily (imported from its package, or
 * with --copy from the copied register.ts) with this package's source and variant table.
 */
const derivedIndexTs = ({ name, exportName, parent, copied }) => `import { familyVariant, registerFamily } from '@mambabench/core';
import { ${parent.exportName} } from '${copied ? './register' : parent.packageName}';

/** The row of ${parent.family}'s table this package starts from: its config, size and parameter count. */
const start = familyVariant(${parent.exportName}, '${parent.start}');

/**
 * ${parent.family}'s model (${copied ? `copied from packages/${parent.dir} into this folder` : `imported from ${parent.packageName}, so its fixes reach these variants`}) with
 * this package's variants. Change fields of \`config\`; for a change no field expresses, pass a
 * \`create\` of your own that builds a subclass${copied ? ', or edit the copied sources' : ' (or generate with --copy)'}. When the parameter
 * count changes, set \`params\` (the test prints the new count). Names must be unique across packages.
 */
export const ${exportName}: typeof ${parent.exportName} = {
  ...${parent.exportName},
  source: '@mambabench/${name}',
  variants: [
    { ...start, name: '${name}', description: '${name}: ${parent.family} from ${parent.start} (describe the change)',
      config: { ...start.config } },
  ],
};

// Importing the package registers its variants (the runner imports every model package).
registerFamily(${exportName});
`;

const testTs = (name, exportName) => `import { describe, expect, it } from 'vitest';
import { getModel, initBackend } from '@mambabench/core';
import { variantProblems } from '@mambabench/core/testing';
import { ${exportName} } from './index';

// The checks every registered variant passes (bench's all-models test runs them over all packages).
describe('variants of @mambabench/${name}', () => {
  it.each(${exportName}.variants.map((v) => v.name))('%s: its registered parameter count, train and eval logits, a gradient for every parameter on wasm, no leak', async (name) => {
    await initBackend('wasm');
    expect(variantProblems(getModel(name), 64)).toEqual([]);
  });
});
`;

function origin(parent, copied) {
  if (!parent) return 'A model package generated from the template (conv stem, Mamba over the flattened map, pool, linear) in `src/model.ts`.';
  const start = `starting from the row \`${parent.start}\` of its table`;
  return copied
    ? `A variant of ${parent.family} with a copy of \`packages/${parent.dir}/src\` (\`--copy\`: later fixes to the family do not reach it), ${start}.`
    : `A variant of ${parent.family}: it imports \`${parent.packageName}\`, so the model code stays there and fixes to the family reach this package, ${start}.`;
}

const readme = (name, parent, copied) => `# @mambabench/${name}

${origin(parent, copied)}

- Edit the variants in \`src/index.ts\` (keep \`params\` equal to the model's parameter count; the test tells you the new one).
- \`npx nx run ${name}:test\`
- \`npx nx run bench:sweep -- --experiment experiments/${name}.json\` (report in \`reports/${name}/\`)

What changed against the parent, and why: (write it here)
`;

/** The new variant against `baseline` (the row it started from). */
const experiment = (name, baseline) => JSON.stringify({
  $schema: './schema.json', // experiments/schema.json: editors check and complete the file
  name,
  description: `${name} against ${baseline} on the embedded synthetic data at 64 px: the default experiment's protocol (7 epochs of 480 images, AdamW 1e-3, cosine over the run, no augmentation, lesions drawn 4x larger so a short run learns), one seed, both runs at once: about 5 minutes on a 2-core CPU. Add seeds before reading a difference as real.`,
  models: [name, baseline],
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

module.exports = { packageJson, derivedIndexTs, testTs, readme, experiment };
