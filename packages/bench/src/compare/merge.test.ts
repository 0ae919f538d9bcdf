import { describe, expect, it } from 'vitest';
import { analyze, resultsCsv, summaryCsv, type ExperimentResults, type RunRecord } from '@mambabench/report';
import { InputError } from '../input-error';
import type { CompareInput } from './load-input';
import { inputLabels, mergeCompareInputs } from './merge';

function record(seed: number, lr: number, over: Partial<RunRecord> = {}): RunRecord {
  const grid = lr === 1e-3 ? {} : { 'optimizer.lr': lr };
  return {
    model: 'nnMamba', variant: 'nnmamba3-scaled', params: 1000, image_size: 16, batch_size: 8, epochs: 1, seed, backend: 'wasm',
    best_val_acc: 0.5 + seed / 100, best_epoch: 1, test_acc: 0.5 + seed / 100, peak_tensor_mb: 40, peak_rss_mb: 300,
    train_time_s: 1, images_per_s: 30, status: 'ok',
    run_id: ['nnmamba3-scaled', lr === 1e-3 ? '' : `lr=${lr}`, `s${seed}`].filter(Boolean).join('__'),
    hyperparameters: { optimizer: { lr }, overrides: grid },
    dataset: { name: 'synthetic', fingerprint: 'fp16', counts: { train: { a: 8, b: 8 }, valid: { a: 4, b: 4 }, test: { a: 4, b: 4 } } },
    curves: [], class_names: ['a', 'b'], started_at: '2026-01-01T00:00:00Z', finished_at: '2026-01-01T00:00:01Z',
    ...over,
  };
}

function input(folder: string, name: string, runs: { key: string; record: RunRecord }[], environment: ExperimentResults['environment'] = { node: 'v20' }): CompareInput {
  return {
    folder,
    results: {
      experiment: { name, file: `experiments/${name}.json`, spec: { name } },
      environment,
      runs: runs.map((r) => r.record),
      store: { keys: runs.map((r) => ({ run_id: r.record.run_id, key: r.key })) },
    },
    runs,
    notEnded: 0,
  };
}

// base: lr 1e-3, seeds 1 and 2. lr-grid: lr 1e-3 seed 1 (the very same training as base's seed 1) and lr 3e-3 seed 1.
const base = () => input('/r/base', 'base', [{ key: 'k1', record: record(1, 1e-3) }, { key: 'k2', record: record(2, 1e-3) }], { node: 'v20', jobs: 1 });
const grid = () => input('/r/lr-grid', 'lr-grid', [
  { key: 'k1', record: record(1, 1e-3, { hyperparameters: { optimizer: { lr: 1e-3 }, overrides: { 'optimizer.lr': 1e-3 } }, run_id: 'nnmamba3-scaled__lr=0.001__s1' }) },
  { key: 'k3', record: record(1, 3e-3) },
], { node: 'v20', jobs: 2 });

describe('mergeCompareInputs', () => {
  it('keeps each experiment\'s runs apart, groups the seeds within one, and counts a run held twice once', () => {
    const merged = mergeCompareInputs([base(), grid()], '/r/base-vs-lr-grid');
    expect(merged.runs.map((r) => [r.experiment, r.run_id])).toEqual([
      ['base', 'base__nnmamba3-scaled__s1'],
      ['base', 'base__nnmamba3-scaled__s2'],
      ['lr-grid', 'lr-grid__nnmamba3-scaled__lr=0.003__s1'],
    ]);
    expect(merged.compare!.notes).toEqual([
      '1 run is the very same training in more than one input (same store key), counted once, under the first input that finished it: nnmamba3-scaled__s1 (runs/k1) is in base and lr-grid, counted under base.',
    ]);
    const { variants } = analyze(merged);
    expect(variants.map((v) => [v.label, v.experiment, v.ok.map((r) => r.seed)])).toEqual([
      ['nnmamba3-scaled (base)', 'base', [1, 2]],
      ['nnmamba3-scaled [lr=0.003] (lr-grid)', 'lr-grid', [1]],
    ]);
    expect(variants[0]!.stats.test_acc!.n).toBe(2);
  });

  it('counts a run both inputs hold under the one whose record of it finished', () => {
    const failedHere = input('/r/base', 'base', [{ key: 'k1', record: record(1, 1e-3, { status: 'failed', error: 'killed', test_acc: null }) }]);
    const merged = mergeCompareInputs([failedHere, grid()], '/r/cmp');
    expect(merged.runs.map((r) => [r.run_id, r.status])).toEqual([['lr-grid__nnmamba3-scaled__lr=0.001__s1', 'ok'], ['lr-grid__nnmamba3-scaled__lr=0.003__s1', 'ok']]);
    expect(merged.compare!.notes.at(-1)).toContain('nnmamba3-scaled__s1 (runs/k1) is in base and lr-grid, counted under lr-grid.');
  });

  it('keeps a key an input lists twice once', () => {
    const twice = input('/r/a', 'a', [{ key: 'x', record: record(1, 1e-3) }, { key: 'x', record: record(1, 1e-3) }]);
    const b = input('/r/b', 'b', [{ key: 'y', record: record(2, 1e-3) }]);
    expect(mergeCompareInputs([twice, b], '/r/ab').runs.map((r) => r.run_id)).toEqual(['a__nnmamba3-scaled__s1', 'b__nnmamba3-scaled__s2']);
  });

  it('groups the same variant and setting of two experiments apart, where a single experiment would pool them', () => {
    const a = input('/r/a', 'a', [{ key: 'x1', record: record(1, 1e-3) }]);
    const b = input('/r/b', 'b', [{ key: 'x2', record: record(2, 1e-3) }]);
    const merged = mergeCompareInputs([a, b], '/r/ab');
    expect(analyze(merged).variants.map((v) => v.label)).toEqual(['nnmamba3-scaled (a)', 'nnmamba3-scaled (b)']);
    const pooled = { ...merged, runs: merged.runs.map(({ experiment: _, ...r }) => r) };
    expect(analyze(pooled).variants.map((v) => v.label)).toEqual(['nnmamba3-scaled']);
  });

  it('records the inputs relative to the report folder, with their specs, and merges the environments', () => {
    const merged = mergeCompareInputs([base(), grid()], '/r/cmp/x');
    expect(merged.compare!.inputs).toEqual([{ folder: '../../base', experiment: 'base' }, { folder: '../../lr-grid', experiment: 'lr-grid' }]);
    expect(merged.experiment.name).toBe('base vs lr-grid');
    expect(merged.experiment.file).toBe('experiments/base.json, experiments/lr-grid.json');
    expect(merged.experiment.spec).toEqual({ compare: [
      { folder: '../../base', experiment: 'base', file: 'experiments/base.json', spec: { name: 'base' } },
      { folder: '../../lr-grid', experiment: 'lr-grid', file: 'experiments/lr-grid.json', spec: { name: 'lr-grid' } },
    ] });
    expect(merged.environment).toEqual({ node: 'v20', jobs: 'base: 1; lr-grid: 2' });
    expect(merged.store).toBeUndefined();
  });

  it('puts the experiment first in both CSVs', () => {
    const merged = mergeCompareInputs([base(), grid()], '/r/cmp');
    const rows = resultsCsv(merged.runs).trim().split('\n').map((l) => l.split(','));
    expect(rows[0]!.slice(0, 3)).toEqual(['experiment', 'model', 'variant']);
    expect(rows.slice(1).map((r) => [r[0], r[7]])).toEqual([['base', '1'], ['base', '2'], ['lr-grid', '1']]);
    const summary = summaryCsv(merged).trim().split('\n').map((l) => l.split(','));
    expect(summary.map((r) => r.slice(0, 5))).toEqual([
      ['experiment', 'model', 'variant', 'setting', 'seeds'],
      ['base', 'nnMamba', 'nnmamba3-scaled', '', '1 2'],
      ['lr-grid', 'nnMamba', 'nnmamba3-scaled', 'lr=0.003', '1'],
    ]);
  });

  it('notes each fact on which the inputs differ, naming each input\'s value', () => {
    const other = input('/r/other', 'other', [{
      key: 'o1',
      record: record(1, 1e-3, { backend: 'webgpu', image_size: 32, dataset: { name: 'synthetic', fingerprint: 'fp32', counts: { train: { a: 8, b: 8 }, valid: { a: 4, b: 4 } } } }),
    }]);
    expect(mergeCompareInputs([base(), other], '/r/cmp').compare!.notes).toEqual([
      'Not like-for-like: the data fingerprint differs (base: fp16; other: fp32).',
      'Not like-for-like: the image size differs (base: 16px; other: 32px).',
      'Not like-for-like: the backend differs (base: wasm; other: webgpu).',
      'Not like-for-like: the test split differs (base: 8 test images; other: no test split).',
    ]);
  });

  it('refuses inputs that classify different classes, naming the folders', () => {
    const other = input('/r/other', 'other', [{ key: 'o1', record: record(1, 1e-3, { class_names: ['No_DR', 'DR'] }) }]);
    expect(() => mergeCompareInputs([base(), other], '/r/cmp')).toThrow(InputError);
    expect(() => mergeCompareInputs([base(), other], '/r/cmp')).toThrow(
      'compare: the inputs classify different classes, so their runs cannot be compared (/r/base: ["a","b"]; /r/other: ["No_DR","DR"])');
  });

  it('says which runs of an input have not ended', () => {
    const unfinished = { ...grid(), notEnded: 2 };
    expect(mergeCompareInputs([base(), unfinished], '/r/cmp').compare!.notes[0]).toBe('lr-grid: 2 run(s) of the experiment have not ended, so they are not in this report.');
  });
});

describe('inputLabels', () => {
  it('uses the experiment names, adding the folder where two inputs share one', () => {
    const a = input('/r/aptos/default', 'default', []);
    const b = input('/r/messidor/default', 'default', []);
    const c = input('/r/x/base', 'base', []);
    // Same name and same folder name: the whole folder tells them apart.
    expect(inputLabels([a, b, c])).toEqual(['default (/r/aptos/default)', 'default (/r/messidor/default)', 'base']);
    const d = input('/r/aptos', 'default', []);
    expect(inputLabels([d, c, b])).toEqual(['default (aptos)', 'base', 'default (default)']);
  });
});
