'use strict';
// `npx nx g ./tools:variant <name> [--from <family>]`: the Nx face of scaffold.cjs. CommonJS so
// Nx requires it directly (Nx needs ts-node or @swc-node to load a .ts generator; neither is installed).
const { scaffoldVariant } = require('./scaffold.cjs');
const { treeIo } = require('./io.cjs');

module.exports = async function variantGenerator(tree, options) {
  const { nextSteps } = scaffoldVariant(treeIo(tree), options);
  // Nx runs the returned callback after the files are flushed (not on --dry-run).
  return () => console.log(`\n${nextSteps}`);
};
