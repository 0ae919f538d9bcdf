import { describe, expect, it } from 'vitest';
import { listModels, registerModel } from '@mambabench/core';
import { loadModelPackages } from './discover';

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
});
