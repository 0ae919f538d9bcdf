import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { listModels } from '@mambabench/core';
import { workspaceRoot } from './workspace';

/**
 * Imports every workspace package that declares `"mambabench": { "models": true }` in its
 * package.json; importing a model package registers its variants. The runner keeps no list.
 */
export async function loadModelPackages(): Promise<string[]> {
  const root = join(workspaceRoot(), 'packages');
  const names: string[] = [];
  for (const dir of readdirSync(root).sort()) {
    const file = join(root, dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    if (pkg.mambabench?.models !== true) continue;
    const entry = typeof pkg.exports === 'string' ? pkg.exports : pkg.exports?.['.'];
    if (typeof entry !== 'string') throw new Error(`${file}: a model package needs "exports": { ".": "./src/index.ts" }`);
    // Imported by path, so a freshly generated package works before `npm install` links it; not
    // when its variants are already registered (the single-file bundle imports every model package
    // statically, and has no .ts loader for a path import).
    if (!listModels().some((m) => m.source === pkg.name)) await import(pathToFileURL(join(root, dir, entry)).href);
    names.push(pkg.name);
  }
  return names;
}
