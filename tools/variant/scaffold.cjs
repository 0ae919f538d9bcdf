'use strict';
// The one implementation of "add a variant package", shared by the Nx generator (generator.cjs)
// and `mambabench new-variant`; both hand in a file writer from io.cjs.
const files = require('./files.cjs');
const { familyExport, readFamily } = require('./parent.cjs');
const { templateModel, templateIndexTs } = require('./template-model.cjs');

// Package folder, Nx project and variant name at once, so lowercase letters, digits and '-' only
// (a subset of the registry's /^[a-z0-9][a-z0-9._-]*$/).
const NAME = /^[a-z][a-z0-9-]*$/;
// Where tsconfig.json is copied from when there is no --from.
const REFERENCE_PACKAGE = 'nnmamba';
// The template's experiment compares it with this variant.
const BASELINE_VARIANT = 'nnmamba3-scaled';

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/**
 * The model package `from` as the generated code uses it: its package name, the export holding its
 * family, the family's name and the row to start from (its first scaled variant), all read from
 * the package. Every failure names what to fix.
 */
function parentOf(io, from, copy) {
  const hint = 'give the folder name of a model package under packages/, e.g. vmamba';
  check(NAME.test(from), `--from ${from}: ${hint}`);
  const pkgFile = `packages/${from}/package.json`;
  check(io.exists(pkgFile), `--from ${from}: ${pkgFile} does not exist (${hint})`);
  const pkg = JSON.parse(io.read(pkgFile));
  check(pkg.mambabench?.models === true, `--from ${from}: ${pkgFile} is not a model package (no "mambabench": { "models": true })`);
  const entry = typeof pkg.exports === 'string' ? pkg.exports : pkg.exports?.['.'];
  check(typeof entry === 'string', `--from ${from}: ${pkgFile} needs "exports": { ".": "./src/index.ts" }`);
  const exportName = familyExport(from);
  const register = `packages/${from}/src/register.ts`;
  check(!copy || (io.exists(register) && io.read(register).includes(`export const ${exportName}`)),
    `--from ${from} --copy: the copy imports ${exportName} from ${register}, which does not define it (copy the family package instead)`);
  const family = readFamily(io.root, `packages/${from}/${entry.replace(/^\.\//, '')}`, exportName);
  check(family.variants.length > 0, `--from ${from}: ${exportName} has no variants to start from`);
  const start = (family.variants.find((v) => v.size === 'scaled') ?? family.variants[0]).name;
  return { dir: from, packageName: pkg.name, dependencies: pkg.dependencies ?? {}, exportName, family: family.family, start, variants: family.variants };
}

/** src/ of the parent minus its tests and index.ts (the copy's index.ts registers the variants). */
function copiedSources(io, parent) {
  const src = `packages/${parent.dir}/src`;
  const out = {};
  for (const file of io.list(src).sort()) {
    if (file.endsWith('.ts') && !file.endsWith('.test.ts') && file !== 'index.ts') out[file] = io.read(`${src}/${file}`);
  }
  return out;
}

/**
 * Writes packages/<name>/ and experiments/<name>.json through io and returns the written paths
 * and the next steps to print. Nothing is written when a check fails.
 */
function scaffoldVariant(io, { name, from, copy = false }) {
  check(typeof name === 'string' && NAME.test(name), `Invalid name "${name}": use lowercase letters, digits and '-', starting with a letter (e.g. my-nnmamba)`);
  check(!copy || from, '--copy copies the family given with --from: add --from <family>');
  const pkgDir = `packages/${name}`;
  const expFile = `experiments/${name}.json`;
  check(!io.exists(pkgDir), `${pkgDir} already exists; choose another name or remove it first`);
  check(!io.exists(expFile), `${expFile} already exists; choose another name or remove it first`);
  const parent = from ? parentOf(io, from, copy) : null;
  check(!parent || !parent.variants.some((v) => v.name === name), `Invalid name "${name}": ${from} already registers a variant of that name`);

  const exportName = familyExport(name);
  const ref = `packages/${parent ? parent.dir : REFERENCE_PACKAGE}`;
  const dependencies = !parent ? { '@mambabench/core': '*', '@tensorflow/tfjs-core': '4.22.0' }
    : copy ? parent.dependencies : { '@mambabench/core': '*', [parent.packageName]: '*' };
  const written = {
    [`${pkgDir}/package.json`]: files.packageJson(name, dependencies),
    [`${pkgDir}/tsconfig.json`]: io.read(`${ref}/tsconfig.json`),
    [`${pkgDir}/README.md`]: files.readme(name, parent, copy),
    [`${pkgDir}/src/index.ts`]: parent ? files.derivedIndexTs({ name, exportName, parent, copied: copy }) : templateIndexTs(name, exportName),
    [`${pkgDir}/src/variants.test.ts`]: files.testTs(name, exportName),
  };
  if (!parent) written[`${pkgDir}/src/model.ts`] = templateModel(name);
  if (copy) for (const [file, text] of Object.entries(copiedSources(io, parent))) written[`${pkgDir}/src/${file}`] = text;
  const baseline = parent ? parent.start : BASELINE_VARIANT;
  written[expFile] = files.experiment(name, baseline);

  for (const [path, content] of Object.entries(written)) io.write(path, content);
  return { files: Object.keys(written), nextSteps: nextSteps(name, parent, copy) };
}

function nextSteps(name, parent, copy) {
  const edit = !parent ? 'the model in src/model.ts, its variants in src/index.ts'
    : copy ? 'the variants in src/index.ts, the copied model sources in src/' : 'the variants in src/index.ts';
  return [
    'Next steps:',
    `  edit packages/${name}: ${edit}`,
    '  npm install        # links @mambabench/' + name + ' and records it in package-lock.json, so `npm ci` keeps working',
    '                     # (the sweep imports model packages by path, so it already works before this)',
    `  npx nx run ${name}:test`,
    `  npx nx run bench:sweep -- --experiment experiments/${name}.json`,
  ].join('\n');
}

module.exports = { scaffoldVariant, NAME };
