import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applySettings, parseSetting } from './settings';
import { loadExperiment } from './load';
import { expandRuns } from './expand';
import { userPath } from '../workspace';

const file = (content: object) => {
  const path = join(mkdtempSync(join(tmpdir(), 'mb-settings-')), 'e.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
};
const base = { name: 'e', models: ['a'], data: { kind: 'synthetic' } };
const load = (content: object, ...settings: string[]) => {
  const notes: string[] = [];
  const exp = loadExperiment(file(content), settings.map(parseSetting), (l) => notes.push(l));
  return { exp, notes };
};

describe('key=value settings on the command line', () => {
  it.each([
    ['optimizer.lr=3e-4', 'optimizer.lr', [3e-4]],
    ['optimizer.lr=1e-3,3e-4', 'optimizer.lr', [1e-3, 3e-4]],
    ['seeds=1,2,3', 'seeds', [1, 2, 3]],
    ['augment=none', 'augment', ['none']],
    ["augment='none',published", 'augment', ['none', 'published']],
    ['ema=true', 'ema', [true]],
    ['mixup=null', 'mixup', [null]],
    ['schedule.eta_min=.5', 'schedule.eta_min', [0.5]],
    ['optimizer.betas=[0.9,0.99],[0.9,0.999]', 'optimizer.betas', [[0.9, 0.99], [0.9, 0.999]]],
    ['ema={"decay":0.99}', 'ema', [{ decay: 0.99 }]],
    ['models=vim-scaled, nnmamba3-scaled', 'models', ['vim-scaled', 'nnmamba3-scaled']],
  ])('%s reads as %s = %j', (text, path, values) => {
    expect(parseSetting(text)).toEqual({ text, path, values });
  });

  it.each([
    ['lr', /expected key=value/],
    ['=3', /expected key=value/],
    ['optimizer..lr=3', /expected key=value/],
    ['optimizer.lr=', /an empty value/],
    ['optimizer.lr=1,,2', /an empty value/],
    ['grid.optimizer.lr=1,2', /write the field itself with several values/],
  ])('refuses %s, naming it', (text, message) => {
    expect(() => parseSetting(text)).toThrow(message);
    expect(() => parseSetting(text)).toThrow(text);
  });

  it('one value sets a field, several add a grid axis (replacing the file\'s), a list field takes the list', () => {
    const raw = { ...base, grid: { 'optimizer.lr': [1, 2] }, ema: true };
    const out = applySettings(raw, ['optimizer.weight_decay=0.05', 'optimizer.lr=3', 'batch_size=16,32', 'seeds=4,5', 'ema.decay=0.99'].map(parseSetting));
    expect(out).toEqual({ ...base, ema: { decay: 0.99 }, seeds: [4, 5], optimizer: { weight_decay: 0.05, lr: 3 }, grid: { batch_size: [16, 32] } });
    expect(raw.grid).toEqual({ 'optimizer.lr': [1, 2] }); // the parsed file is not changed
  });

  it('a field set once per experiment cannot be swept; an unknown one is named with the fields a grid may vary', () => {
    expect(() => load(base, 'backend=wasm,cpu')).toThrow('setting "backend=wasm,cpu": backend is set once per experiment, so it cannot be swept');
    expect(() => load(base, 'optimizer.momentum=0.9,0.99')).toThrow(/field "grid.optimizer.momentum" is not a known field; expected one of: .*optimizer.lr, .*drop_path_rate/);
  });

  it('a set value is validated as the file is, and the error names the setting', () => {
    expect(() => load(base, 'optimizer.lr=fast')).toThrow(/e\.json with optimizer\.lr=fast: field "optimizer\.lr" must be a number > 0 and <= 10 \(got "fast"\)/);
    expect(() => load(base, 'optimizer.lrr=1')).toThrow(/field "optimizer\.lrr" is not a known field/);
    expect(() => load(base, 'batch_size=3', 'mixup=true')).toThrow(/field "batch_size" must be even when mixup is on/);
    expect(() => load(base, 'augment=none,publishd')).toThrow(/e\.json with augment=none,publishd: field "grid" produces an invalid run: field "augment" must be one of "published", "dr_dataset", "none" \(got "publishd"\)/);
  });

  it('the grid it makes expands into runs with the values', () => {
    const { exp } = load(base, 'optimizer.lr=1e-3,3e-4', 'seeds=1,2');
    const runs = expandRuns(exp, 'e.json');
    expect(runs.map((r) => [r.train.optimizer.lr, r.seed])).toEqual([[1e-3, 1], [1e-3, 2], [3e-4, 1], [3e-4, 2]]);
  });

  it('a cosine that completes within the run (t_max = epochs) follows epochs and says so; one with its own period does not', () => {
    const tied = { ...base, epochs: 7, schedule: { t_max: 7 } };
    const a = load(tied, 'epochs=2');
    expect([a.exp.epochs, a.exp.schedule.t_max]).toEqual([2, 2]);
    expect(a.notes).toEqual(['epochs=2: schedule.t_max follows it (7 -> 2), since the file\'s cosine completes within its 7 epochs']);
    expect(load(tied).exp.schedule.t_max).toBe(7);
    expect(load(tied, 'epochs=2', 'schedule.t_max=5').exp.schedule.t_max).toBe(5); // set explicitly: kept
    expect(load({ ...base, epochs: 300, schedule: { t_max: 20 } }, 'epochs=2').exp.schedule.t_max).toBe(20);
    expect(load({ ...base, epochs: 7, schedule: { name: 'constant', t_max: 7 } }, 'epochs=2').exp.schedule.t_max).toBe(7);
    const swept = load(tied, 'epochs=2,3');
    expect(swept.exp.schedule.t_max).toBe(7);
    expect(swept.notes[0]).toMatch(/t_max stays 7 in every cell/);
  });

  it('a data folder set on the command line is relative to where the command runs, not to the file', () => {
    const { exp } = load(base, 'data={"kind":"folder","root":"imgs"}');
    expect(exp.data).toEqual({ kind: 'folder', root: userPath('imgs'), valid_fraction: null });
    expect(exp.data.kind === 'folder' && exp.data.root).not.toContain('mb-settings-');
  });
});
