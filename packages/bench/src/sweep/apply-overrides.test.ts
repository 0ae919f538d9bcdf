import { describe, expect, it } from 'vitest';
import { validateExperiment } from '../experiment/validate';
import { applyOverrides, chosenBy } from './sweep';
import type { RunConfig } from '../experiment/expand';

const exp = (over: object = {}) => validateExperiment({ name: 'e', models: ['a', 'b'], seeds: [1], data: { kind: 'synthetic' }, ...over }, 'e.json');

describe('command-line overrides of an experiment', () => {
  it('--models and --seeds add to the experiment and choose what trains now', () => {
    const e = applyOverrides(exp(), { models: ['b', 'c'], seeds: [2] });
    expect(e.models).toEqual(['a', 'b', 'c']);
    expect(e.seeds).toEqual([1, 2]);
    const chosen = chosenBy({ models: ['b', 'c'], seeds: [2] });
    const run = (model: string, seed: number) => ({ model, seed }) as RunConfig;
    expect([run('a', 2), run('b', 1), run('b', 2), run('c', 2)].map(chosen)).toEqual([false, false, true, true]);
    expect(chosenBy({})(run('a', 1))).toBe(true);
  });
});
