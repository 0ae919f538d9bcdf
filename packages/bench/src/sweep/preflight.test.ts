import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, tf } from '@mambabench/core';
import { loadModelPackages } from '../discover';
import type { RunConfig } from '../experiment/expand';
import { preflight } from './preflight';
import { outDirProblem } from './out-dir';

const run = (model: string, image_size: number, batch_size: number, overrides: Record<string, unknown> = {}, train: Record<string, unknown> = {}) =>
  ({ run_id: `${model}__s1`, model, train: { image_size, batch_size, ...train }, overrides }) as unknown as RunConfig;

describe('sweep preflight', () => {
  beforeAll(async () => {
    await initBackend('wasm', { threads: 1 });
    await loadModelPackages();
  });

  it('refuses a batch larger than the training split, naming the field it came from and the run', () => {
    expect(() => preflight([run('nnmamba3-scaled', 32, 32)], 'e.json', () => 16, 2))
      .toThrow('e.json: field "batch_size" is larger than the 16 training images, so no full batch can be drawn (run nnmamba3-scaled__s1) (got 32)');
    expect(() => preflight([run('nnmamba3-scaled', 32, 32, { batch_size: 32 })], 'e.json', () => 16, 2)).toThrow(/field "grid\.batch_size"/);
  });

  it('refuses an image size below a model\'s downsampling with the model\'s own error, and leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    expect(() => preflight([run('nnmamba3-scaled', 24, 4), run('medmamba-scaled', 24, 4)], 'e.json', () => 16, 2))
      .toThrow(/e\.json: field "image_size" 24 px does not work for medmamba-scaled: .+ \(got 24\)/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('passes runs that can train', () => {
    expect(() => preflight([run('medmamba-scaled', 32, 16), run('nnmamba3-scaled', 32, 16)], 'e.json', () => 16, 2)).not.toThrow();
  });

  it('builds each model with the run\'s model options: a drop-path rate for a variant without drop path names that field', () => {
    const before = tf.memory().numTensors;
    expect(() => preflight([run('mambavision-scaled', 32, 16, {}, { drop_path_rate: 0.05 })], 'e.json', () => 16, 2)).not.toThrow();
    expect(() => preflight([run('vim-scaled', 32, 16, { drop_path_rate: 0.1 }, { drop_path_rate: 0.1 })], 'e.json', () => 16, 2))
      .toThrow('e.json: field "grid.drop_path_rate" vim-scaled has no stochastic depth, so drop_path_rate cannot be set for it (only variants whose config has a dropPathRate take it) (run vim-scaled__s1) (got 0.1)');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names an output folder it cannot write, and why', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mb-out-')), 'a-file');
    writeFileSync(file, '');
    expect(outDirProblem(join(file, 'report'))).toMatch(/^--out .*a-file\/report: cannot write the report and run store there \(ENOTDIR/);
    expect(outDirProblem(join(file, '..', 'report'))).toBeNull();
  });
});
