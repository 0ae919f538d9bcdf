import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateExperiment } from './validate';
import { loadExperiment } from './load';
import { expandRuns } from './expand';

const base = { name: 'x', models: ['nnmamba3-scaled'], data: { kind: 'synthetic' } };
const bad = (patch: Record<string, unknown>) => () => validateExperiment({ ...base, ...patch }, 'exp.json');

describe('experiment validation', () => {
  it('fills in the published defaults', () => {
    const e = validateExperiment(base, 'exp.json');
    expect(e.optimizer).toEqual({ name: 'adamw', lr: 3e-4, weight_decay: 0.01, betas: [0.9, 0.999], eps: 1e-8 });
    expect(e.schedule).toEqual({ name: 'cosine', t_max: 20, eta_min: 1e-6 });
    // Warmup is written only when used, so configurations without it are unchanged.
    expect(validateExperiment({ ...base, schedule: { warmup_epochs: 1 } }, 'exp.json').schedule).toEqual({ name: 'cosine', t_max: 20, eta_min: 1e-6, warmup_epochs: 1 });
    expect(validateExperiment({ ...base, schedule: { warmup_epochs: 0 } }, 'exp.json').schedule).toEqual({ name: 'cosine', t_max: 20, eta_min: 1e-6 });
    expect([e.batch_size, e.epochs, e.image_size, e.seeds]).toEqual([32, 300, 224, [1]]);
    expect([e.grad_accum_steps, e.oom_retry]).toEqual([1, 0]);
    // Like warmup, gradient accumulation reaches a run's configuration only when used.
    expect(expandRuns(e, 'exp.json')[0]!.train).not.toHaveProperty('grad_accum_steps');
    expect(expandRuns({ ...e, grad_accum_steps: 2 }, 'exp.json')[0]!.train.grad_accum_steps).toBe(2);
  });

  it.each([
    [{ epochs: 0 }, /exp\.json: field "epochs" must be an integer >= 1 \(got 0\)/],
    [{ epochs: '10' }, /field "epochs" must be an integer >= 1 \(got "10"\)/],
    [{ models: [] }, /field "models" must be a non-empty list/],
    [{ optimizer: { lr: -1 } }, /field "optimizer.lr" must be a number > 0 and <= 10 \(got -1\)/],
    [{ optimizer: { betas: [0.9] } }, /field "optimizer.betas" must be a list of two numbers/],
    [{ schedule: { name: 'step' } }, /field "schedule.name" must be one of "cosine", "constant" \(got "step"\)/],
    [{ schedule: { warmup_epochs: -1 } }, /field "schedule.warmup_epochs" must be a number >= 0/],
    [{ data: { kind: 'imagenet' } }, /field "data.kind" must be one of "synthetic", "folder" \(got "imagenet"\)/],
    [{ data: { kind: 'synthetic', trian: 5 } }, /field "data.trian" is not a known field/],
    [{ batchsize: 32 }, /field "batchsize" is not a known field/],
    [{ seeds: [1, 1] }, /field "seeds" must not repeat a seed/],
    [{ backend: 'gpu' }, /field "backend" must be one of "auto", "webgpu", "wasm", "cpu", "tensorflow" \(got "gpu"\)/],
    [{ grid: { 'optimizer.momentum': [1] } }, /field "grid.optimizer.momentum" is not a known field/],
    [{ name: 'has space' }, /field "name" must be a string matching/],
    [{ augment: 'flips' }, /field "augment" must be one of "published", "dr_dataset", "none" \(got "flips"\)/],
    [{ ema: { decay: 2 } }, /field "ema.decay" must be a number > 0 and <= 1 \(got 2\)/],
    [{ mixup: { prob: 1.5 } }, /field "mixup.prob" must be a number >= 0 and <= 1 \(got 1.5\)/],
    [{ mixup: true, batch_size: 31 }, /field "batch_size" must be even when mixup is on/],
    [{ jobs: 0 }, /field "jobs" must be an integer >= 1 \(got 0\)/],
    [{ amp: 'yes' }, /field "amp" must be true or false \(got "yes"\)/],
    [{ data: { kind: 'folder' } }, /field "data.root" must be a non-empty string/],
    [{ grad_accum_steps: 0 }, /field "grad_accum_steps" must be an integer >= 1 \(got 0\)/],
    [{ grad_accum_steps: 3 }, /field "grad_accum_steps" must divide batch_size \(32\) into equal slices \(got 3\)/],
    [{ grad_accum_steps: 4, grid: { batch_size: [16, 18] } }, /field "grid.batch_size" every batch size must be a multiple of grad_accum_steps \(4\) \(got 18\)/],
    [{ oom_retry: -1 }, /field "oom_retry" must be an integer >= 0 \(got -1\)/],
    [{ seeds: [1, -1] }, /field "seeds\[1\]" must be an integer >= 0 \(got -1\)/],
    [{ optimizer: { betas: [0.9, 2] } }, /field "optimizer.betas\[1\]" must be a number >= 0 and <= 0.999999 \(got 2\)/],
    [{ ema: 'yes' }, /field "ema" must be true, false, null or an object with decay \(got "yes"\)/],
    [{ clip_grad_norm: 0 }, /field "clip_grad_norm" must be a number > 0 or null \(got 0\)/],
    [{ mixup: { alpha: 1 } }, /field "mixup.alpha" is not a known field; expected one of: mixup_alpha, cutmix_alpha, prob, switch_prob, label_smoothing$/],
    [{ models: undefined }, /field "models" must be a non-empty list of non-empty strings; it is missing$/],
    [{ data: { kind: 'folder', root: 'r', valid_fraction: 1 } }, /field "data.valid_fraction" must be a number > 0 and <= 0.9 or null \(got 1\)/],
  ])('rejects %o naming the field and value', (patch, message) => {
    expect(bad(patch)).toThrow(message);
  });

  it('names the whole file when it is not an object', () => {
    expect(() => validateExperiment([1], 'exp.json')).toThrow(/^exp\.json: field "\(root\)" must be a JSON object \(got \[1\]\)$/);
  });

  it('turns on the published training options with true, and resolves a folder root against the file', () => {
    const e = validateExperiment({ ...base, ema: true, mixup: true, clip_grad_norm: 5 }, 'exp.json');
    expect(e.ema).toEqual({ decay: 0.9998 });
    expect(e.mixup).toEqual({ mixup_alpha: 0.8, cutmix_alpha: 1.0, prob: 0.1, switch_prob: 0.5, label_smoothing: 0.1 });
    expect([e.clip_grad_norm, e.augment, e.amp, e.jobs]).toEqual([5, 'published', false, 1]);
    const dir = mkdtempSync(join(tmpdir(), 'mb-exp-'));
    writeFileSync(join(dir, 'f.json'), JSON.stringify({ ...base, data: { kind: 'folder', root: 'imgs' } }));
    expect(loadExperiment(join(dir, 'f.json')).data).toEqual({ kind: 'folder', root: join(dir, 'imgs'), valid_fraction: null });
  });

  it('names the file for missing files and broken JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-exp-'));
    expect(() => loadExperiment(join(dir, 'none.json'))).toThrow(/none\.json: field "\(file\)" does not exist/);
    writeFileSync(join(dir, 'broken.json'), '{"name": "x",');
    expect(() => loadExperiment(join(dir, 'broken.json'))).toThrow(/broken\.json: field "\(file\)" is not valid JSON/);
  });
});

describe('expandRuns', () => {
  it('expands models x grid x seeds with readable run ids', () => {
    const e = validateExperiment({ ...base, models: ['a', 'b'], seeds: [1, 2], grid: { 'optimizer.lr': [1e-3, 3e-4] } }, 'e.json');
    const runs = expandRuns(e, 'e.json');
    expect(runs).toHaveLength(8);
    expect(runs[0].run_id).toBe('a__lr=0.001__s1');
    expect(runs[0].train.optimizer.lr).toBe(1e-3);
    expect(runs.at(-1)!.run_id).toBe('b__lr=0.0003__s2');
    expect(new Set(runs.map((r) => r.run_id)).size).toBe(8);
  });

  it('validates grid values like the fields they replace', () => {
    const e = validateExperiment({ ...base, grid: { batch_size: [16, 0] } }, 'e.json');
    expect(() => expandRuns(e, 'e.json')).toThrow(/field "grid" produces an invalid run: .*field "batch_size" must be an integer >= 1 \(got 0\)/);
  });
});
