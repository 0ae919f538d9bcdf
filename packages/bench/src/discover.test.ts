import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listModels, registerModel } from '@mambabench/core';
import { loadModelPackages } from './discover';
import { workspaceRoot } from './workspace';

const bySource = (source: string) => listModels().filter((m) => m.source === source).map((m) => m.name);

describe('loadModelPackages', () => {
  it('imports every model package by path, except one whose variants are already registered (the single-file bundle)', async () => {
    // Stands in for the bundle's static import of @mambabench/vim: its variants exist, no path import may follow.
    registerModel({ name: 'bundled-stand-in', family: 'Vim', size: 'scaled', description: 'registered before discovery', build: () => { throw new Error('not built'); } }, '@mambabench/vim');
    const names = await loadModelPackages();
    expect(names).toEqual(['@mambabench/efficientvmamba', '@mambabench/mambavision', '@mambabench/medmamba', '@mambabench/nnmamba', '@mambabench/vim', '@mambabench/vmamba']);
    expect(bySource('@mambabench/vim')).toEqual(['bundled-stand-in']);
    expect(bySource('@mambabench/nnmamba')).toContain('nnmamba3');
    expect(bySource('@mambabench/vmamba')).toContain('vmamba-tiny');
    // A second discovery (the run and models commands each call it) changes nothing.
    const before = listModels().map((m) => m.name);
    expect(await loadModelPackages()).toEqual(names);
    expect(listModels().map((m) => m.name)).toEqual(before);
  });

  it('finds only packages that carry the Nx tag "model", so Nx re-runs the runner\'s tests when one changes', () => {
    // bench's package.json declares implicitDependencies ["tag:model"]: Nx cannot see the path imports.
    const root = join(workspaceRoot(), 'packages');
    for (const dir of readdirSync(root)) {
      const file = join(root, dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      expect({ dir, tagged: pkg.nx?.tags?.includes('model') === true }).toEqual({ dir, tagged: pkg.mambabench?.models === true });
    }
    const bench = JSON.parse(readFileSync(join(root, 'bench', 'package.json'), 'utf8'));
    expect(bench.nx.implicitDependencies).toEqual(['tag:model']);
  });
});
