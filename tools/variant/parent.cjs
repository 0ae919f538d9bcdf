'use strict';
// What a variant needs to know about the model package it starts from, read from that package
// itself: a child node imports the package's entry (tsx loads the TypeScript) and prints the
// family it exports, so nothing about a family (configs, counts) is restated in the generator.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

/** The export that holds a package's ModelFamily, by convention: vmamba -> VMAMBA_FAMILY, my-vmamba -> MY_VMAMBA_FAMILY. */
const familyExport = (dir) => `${dir.toUpperCase().replace(/-/g, '_')}_FAMILY`;

/**
 * Imports `entry` (a path under root) and returns its `exportName` as { family, source, variants:
 * [{ name, size }] }; throws with the child's message when the package does not load or lacks it.
 */
function readFamily(root, entry, exportName) {
  const url = pathToFileURL(path.join(root, entry)).href;
  const script = `
    const family = (await import(${JSON.stringify(url)}))[${JSON.stringify(exportName)}];
    if (!family || !Array.isArray(family.variants) || typeof family.create !== 'function') {
      console.error(${JSON.stringify(`${entry} exports no ${exportName} (the ModelFamily its index.ts registers with registerFamily)`)});
      process.exit(3);
    }
    const variants = family.variants.map((v) => ({ name: v.name, size: v.size }));
    console.log('\\n' + JSON.stringify({ family: family.family, source: family.source, variants }));
  `;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`Reading the family of ${entry} failed:\n${(child.stderr || child.stdout || String(child.error)).trim()}`);
  // The last line: loading tfjs may print notes before it.
  return JSON.parse(child.stdout.trim().split('\n').pop());
}

module.exports = { familyExport, readFamily };
