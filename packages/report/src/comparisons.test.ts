import { describe, expect, it } from 'vitest';
import { analyze } from './analysis.ts';
import { compareToBest, primaryMetric } from './comparisons.ts';
import { drResults } from './dr-fixture.ts';
import type { ExperimentResults, RunRecord } from './run-record.ts';
import { pairedTTest, welchTTest } from './t-tests.ts';

function accs(results: ExperimentResults, variant: string, key: 'test_acc' | 'best_val_acc' = 'test_acc'): number[] {
  return results.runs.filter((r) => r.variant === variant && r.status === 'ok').map((r) => r[key]!);
}

describe('compareToBest', () => {
  const results = drResults();
  const { variants, comparisons } = analyze(results);

  it('uses test accuracy when every run has a test split and puts the best first', () => {
    expect(comparisons!.metric).toBe('test_acc');
    expect(variants[comparisons!.bestIndex]!.variant).toBe('vmamba-t');
    expect(comparisons!.rows.map((r) => variants[r.index]!.variant)).toEqual(['vmamba-t', 'nnmamba3-scaled', 'medmamba-t']);
    expect(comparisons!.rows[0]).toMatchObject({ isBest: true, diff: 0, test: null });
  });

  it('pairs by seed when the seed sets match (same numbers as pairedTTest)', () => {
    const row = comparisons!.rows[1]!;
    expect(row.pairing).toBe('paired');
    const expected = pairedTTest(accs(results, 'nnmamba3-scaled'), accs(results, 'vmamba-t'))!;
    expect(row.test!.p).toBeCloseTo(expected.p, 12);
    expect(row.test!.ci[0]).toBeCloseTo(expected.ci[0], 12);
    expect(row.diff).toBeCloseTo(expected.diff, 12);
    expect(row.bootstrap![0]).toBeLessThanOrEqual(row.diff);
    expect(row.bootstrap![1]).toBeGreaterThanOrEqual(row.diff);
  });

  it('flags unpaired runs and uses Welch when the seed sets differ', () => {
    const shifted: ExperimentResults = {
      ...results,
      runs: results.runs.map((r): RunRecord => (r.variant === 'medmamba-t' ? { ...r, seed: r.seed + 10 } : r)),
    };
    const a = analyze(shifted);
    const row = a.comparisons!.rows.find((r) => a.variants[r.index]!.variant === 'medmamba-t')!;
    expect(row.pairing).toBe('unpaired');
    const expected = welchTTest(accs(results, 'medmamba-t'), accs(results, 'vmamba-t'))!;
    expect(row.test!.p).toBeCloseTo(expected.p, 12);
    expect(row.test!.df).toBeCloseTo(expected.df, 12);
  });

  it('gives the difference alone with one seed', () => {
    const one = analyze(drResults({ seeds: [1], withFailure: false })).comparisons!;
    for (const row of one.rows.filter((r) => !r.isBest)) {
      expect(row.test).toBeNull();
      expect(row.bootstrap).toBeNull();
      expect(row.noInterval).toBe('1 seed: no interval');
      expect(row.diff).toBeLessThanOrEqual(0);
    }
  });

  it('says which side has one seed when only one does', () => {
    const mixed = drResults();
    mixed.runs = mixed.runs.filter((r) => !(r.variant === 'medmamba-t' && r.seed > 1));
    const a = analyze(mixed);
    const row = a.comparisons!.rows.find((r) => a.variants[r.index]!.variant === 'medmamba-t')!;
    expect(row.noInterval).toBe('1 seed of this variant: no interval');
    expect(row.pairing).toBe('unpaired');
  });

  it('falls back to validation accuracy without a test split', () => {
    const noTest = analyze(drResults({ withTest: false }));
    expect(noTest.comparisons!.metric).toBe('best_val_acc');
    expect(noTest.clinicalSplit).toBe('valid');
  });

  it('has nothing to compare without a successful run', () => {
    expect(compareToBest([])).toBeNull();
    expect(primaryMetric([]).metric).toBe('best_val_acc');
  });
});
