import { describe, expect, it } from 'vitest';
import { fieldPaths, isTrainSpecPath } from './field-paths';
import { validateExperiment } from './validate';

describe('fieldPaths', () => {
  const paths = fieldPaths();
  const byPath = new Map(paths.map((p) => [p.path, p]));

  it('lists every settable field once, nested ones dotted, each with a description and what it allows', () => {
    expect(paths.map((p) => p.path)).toEqual(expect.arrayContaining([
      'name', 'models', 'seeds', 'data', 'data.kind', 'data.train', 'data.lesion_scale', 'data.root', 'data.valid_fraction',
      'optimizer.lr', 'optimizer.betas', 'schedule.warmup_epochs', 'ema', 'ema.decay', 'mixup.label_smoothing', 'grid', 'jobs', 'oom_retry',
    ]));
    expect(new Set(paths.map((p) => p.path)).size).toBe(paths.length);
    expect(paths.find((p) => p.path === '$schema')).toBeUndefined();
    expect(paths.filter((p) => !p.description || !p.allowed)).toEqual([]);
    expect(byPath.get('optimizer.lr')!.allowed).toBe('a number > 0 and <= 10');
    expect(byPath.get('augment')!.allowed).toBe('one of "published", "dr_dataset", "none"');
    expect(byPath.get('ema')!.allowed).toBe('true, false, null or an object with decay');
    expect(byPath.get('seeds')!.allowed).toBe('a non-empty list of integers >= 0, none repeated');
  });

  it('marks the TrainSpec paths, the ones a grid may vary', () => {
    expect(['optimizer.lr', 'ema', 'ema.decay', 'mixup.label_smoothing', 'augment', 'grad_accum_steps'].every(isTrainSpecPath)).toBe(true);
    expect(['name', 'models', 'seeds', 'data.root', 'backend', 'grid', 'jobs', 'oom_retry', 'optimizer.momentum'].some(isTrainSpecPath)).toBe(false);
    for (const { path, trainSpec } of paths) {
      // A grid accepts exactly the TrainSpec paths.
      const grid = () => validateExperiment({ name: 'x', models: ['m'], data: { kind: 'synthetic' }, grid: { [path]: [null] } }, 'e.json');
      if (trainSpec) expect(grid, path).not.toThrow();
      else expect(grid, path).toThrow(/is not a known field/);
    }
  });
});
