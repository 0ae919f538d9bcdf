'use strict';
// The one implementation of "add a variant package", shared by the Nx generator (generator.cjs)
// and `mambabench new-variant`; both hand in a file writer from io.cjs.
const FAMILIES = require('./families.cjs');
const files = require('./files.cjs');
const { templateModel } = require('./template-model.cjs');

// Package folder, Nx project and variant name at once, so lowercase letters, digits and '-' only
// (a subset of the registry's /^[a-z0-9][a-z0-9._-]*$/).
const NAME = /^[a-z][a-z0-9-]*$/;
// Where tsconfig.json is copied from when there is no --from.
const REFERENCE_PACKAGE = 'nnmamba';
const BASELINE_VARIANT = FAMILIES[REFERENCE_PACKAGE].parentVariant;

/** 708258 -> 708_258, as the hand-written registers write counts. */
const grouped = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '_');

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** Reads packages/<from>/package.json and the family table entry; every failure names what to fix. */
function parentOf(io, from) {
  check(NAME.test(from), `--from ${from}: give the folder name of a model package under packages/, e.g. nnmamba`);
  const pkgFile = `packages/${from}/package.json`;
  check(io.exists(pkgFile), `--from ${from}: ${pkgFile} does not exist (give the folder name of a model package under packages/, e.g. nnmamba)`);
  const pkg = JSON.parse(io.read(pkgFile));
  check(pkg.mambabench?.models === true, `--from ${from}: ${pkgFile} is not a model package (no "mambabench": { "models": true })`);
  const family = FAMILIES[from];
  check(family, `--from ${from}: copying this family is not supported yet (supported: ${Object.keys(FAMILIES).join(', ')}); add an entry to tools/variant/families.cjs`);
  check(io.exists(`packages/${from}/src/${family.modelFile}`), `--from ${from}: packages/${from}/src/${family.modelFile} is missing; update tools/variant/families.cjs`);
  return { ...family, dir: from };
}

/** The variant list appended to the copied model file, in the shape register.ts expects. */
function variantsBlock(name, parent) {
  return `
// ---- Variants registered by @mambabench/${name} (generated from ${parent.dir}'s ${parent.parentVariant}; edit freely) ----

export interface VariantSpec {
  name: string;
  size: string;
  description: string;
  /** Parameter count at 2 classes, 3 channels; the test checks it, so update it with the architecture. */
  params: number;
  config: Omit<${parent.configType}, 'inChannels' | 'numClasses'>;
}

/** Family shown in reports. */
export const FAMILY = '${parent.family}';
/** The class every variant below constructs (register.ts passes it the config plus classes and channels). */
export const MODEL = ${parent.className};
/** Variants this package registers; names must be unique across all packages. */
export const VARIANTS: VariantSpec[] = [
  { name: '${name}', size: 'scaled', params: ${grouped(parent.params)}, description: '${name}: ${parent.family} from ${parent.parentVariant} (describe the change)',
    config: ${parent.config} },
];
`;
}

/** src/ of the parent minus its tests, index.ts and register.ts; the main file becomes model.ts. */
function copiedSources(io, name, parent) {
  const src = `packages/${parent.dir}/src`;
  const mainModule = `'./${parent.modelFile.replace(/\.ts$/, '')}'`;
  const out = {};
  for (const file of io.list(src).sort()) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file === 'index.ts' || file === 'register.ts') continue;
    // Only the import specifier of the renamed file changes; the rest is copied byte for byte.
    const text = io.read(`${src}/${file}`).split(mainModule).join(`'./model'`);
    out[file === parent.modelFile ? 'model.ts' : file] = text;
  }
  out['model.ts'] += variantsBlock(name, parent);
  return out;
}

/**
 * Writes packages/<name>/ and experiments/<name>.json through io and returns the written paths
 * and the next steps to print. Nothing is written when a check fails.
 */
function scaffoldVariant(io, { name, from }) {
  check(typeof name === 'string' && NAME.test(name), `Invalid name "${name}": use lowercase letters, digits and '-', starting with a letter (e.g. my-nnmamba)`);
  const pkgDir = `packages/${name}`;
  const expFile = `experiments/${name}.json`;
  check(!io.exists(pkgDir), `${pkgDir} already exists; choose another name or remove it first`);
  check(!io.exists(expFile), `${expFile} already exists; choose another name or remove it first`);
  const parent = from ? parentOf(io, from) : null;
  check(!parent || name !== parent.parentVariant, `Invalid name "${name}": ${from} already registers a variant of that name`);

  const ref = `packages/${parent ? parent.dir : REFERENCE_PACKAGE}`;
  const written = {
    [`${pkgDir}/package.json`]: files.packageJson(name),
    [`${pkgDir}/tsconfig.json`]: io.read(`${ref}/tsconfig.json`),
    [`${pkgDir}/README.md`]: files.readme(name, parent),
    [`${pkgDir}/src/index.ts`]: files.indexTs(),
    [`${pkgDir}/src/register.ts`]: files.registerTs(name),
    [`${pkgDir}/src/model.test.ts`]: files.testTs(),
  };
  if (parent) {
    const sources = copiedSources(io, name, parent);
    for (const [file, text] of Object.entries(sources)) written[`${pkgDir}/src/${file}`] = text;
  } else {
    written[`${pkgDir}/src/model.ts`] = templateModel(name);
  }
  written[expFile] = files.experiment(name, [name, parent ? parent.parentVariant : BASELINE_VARIANT], parent ? parent.parentVariant : BASELINE_VARIANT);

  for (const [path, content] of Object.entries(written)) io.write(path, content);
  return { files: Object.keys(written), nextSteps: nextSteps(name) };
}

function nextSteps(name) {
  return [
    'Next steps:',
    `  edit packages/${name}/src/model.ts (the model, and VARIANTS at its end)`,
    '  npm install        # links @mambabench/' + name + ' and records it in package-lock.json, so `npm ci` keeps working',
    '                     # (the sweep imports model packages by path, so it already works before this)',
    `  npx nx run ${name}:test`,
    `  npx nx run bench:sweep -- --experiment experiments/${name}.json`,
  ].join('\n');
}

module.exports = { scaffoldVariant, NAME };
