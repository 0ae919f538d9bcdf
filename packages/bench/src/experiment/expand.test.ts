import { describe, expect, it } from 'vitest';
import { validateExperiment } from './validate';
import { expandRuns } from './expand';
import { MIXUP_DEFAULTS } from './schema';

const base = { name: 'x', models: ['m'], data: { kind: 'synthetic' } };
const runsOf = (patch: Record<string, unknown>) => expandRuns(validateExperiment({ ...base, ...patch }, 'g.json'), 'g.json');

describe('grids over any TrainSpec field', () => {
  it('varies options and whole objects, each run reading its value', () => {
    const runs = runsOf({ grid: { augment: ['none', 'published'], 'optimizer.betas': [[0.9, 0.99]], clip_grad_norm: [null, 5], 'schedule.name': ['constant'] } });
    expect(runs.map((r) => r.run_id)).toEqual([
      'm__augment=none__betas=[0.9,0.99]__clip_grad_norm=null__name=constant__s1',
      'm__augment=none__betas=[0.9,0.99]__clip_grad_norm=5__name=constant__s1',
      'm__augment=published__betas=[0.9,0.99]__clip_grad_norm=null__name=constant__s1',
      'm__augment=published__betas=[0.9,0.99]__clip_grad_norm=5__name=constant__s1',
    ]);
    expect(runs.map((r) => [r.train.augment, r.train.clip_grad_norm])).toEqual([['none', null], ['none', 5], ['published', null], ['published', 5]]);
    expect(runs[0]!.train.optimizer.betas).toEqual([0.9, 0.99]);
    expect(runs[0]!.train.schedule).toEqual({ name: 'constant', t_max: 20, eta_min: 1e-6 });
  });

  it('expands shorthands in grid values and shows objects as JSON (keys unquoted) in the run id', () => {
    const runs = runsOf({ batch_size: 8, grid: { ema: [false, true, { decay: 0.999 }], mixup: [true] } });
    expect(runs.map((r) => r.train.ema)).toEqual([null, { decay: 0.9998 }, { decay: 0.999 }]);
    expect(runs.every((r) => JSON.stringify(r.train.mixup) === JSON.stringify(MIXUP_DEFAULTS))).toBe(true);
    expect(runs.map((r) => r.run_id)).toEqual(['m__ema=false__mixup=true__s1', 'm__ema=true__mixup=true__s1', 'm__ema={decay:0.999}__mixup=true__s1']);
  });

  it('a sub-path of a field that is off starts from that field\'s defaults', () => {
    const [run] = runsOf({ grid: { 'mixup.label_smoothing': [0.2], 'ema.decay': [0.99] } });
    expect(run!.train.mixup).toEqual({ ...MIXUP_DEFAULTS, label_smoothing: 0.2 });
    expect(run!.train.ema).toEqual({ decay: 0.99 });
    expect(run!.run_id).toBe('m__label_smoothing=0.2__decay=0.99__s1');
  });

  it('names an unknown grid path and lists the allowed ones', () => {
    expect(() => runsOf({ grid: { 'optimizer.momentum': [0.9] } })).toThrow(
      /g\.json: field "grid\.optimizer\.momentum" is not a known field; expected one of: image_size, batch_size, .*optimizer\.lr, .*ema\.decay, .*mixup\.label_smoothing, .*grad_accum_steps$/,
    );
    expect(() => runsOf({ grid: { name: ['y'] } })).toThrow(/field "grid\.name" is not a known field/);
  });

  it('validates each cell like the file, cross-field rules included', () => {
    expect(() => runsOf({ grid: { augment: ['none', 'flips'] } })).toThrow(/g\.json: field "grid" produces an invalid run: field "augment" must be one of "published", "dr_dataset", "none" \(got "flips"\)/);
    expect(() => runsOf({ grid: { 'mixup.prob': [2] } })).toThrow(/produces an invalid run: field "mixup\.prob" must be a number >= 0 and <= 1 \(got 2\)/);
    expect(() => runsOf({ batch_size: 31, grid: { mixup: [false, true] } })).toThrow(/produces an invalid run: field "batch_size" must be even when mixup is on/);
    expect(() => runsOf({ grid: { 'optimizer.betas': [[0.9]] } })).toThrow(/produces an invalid run: field "optimizer\.betas" must be a list of two numbers >= 0 and <= 0\.999999 \(got \[0\.9\]\)/);
  });
});
