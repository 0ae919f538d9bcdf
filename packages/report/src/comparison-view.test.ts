import { describe, expect, it } from 'vitest';
import { analyze } from './analysis.ts';
import { comparisonTable, formatP, formatPp, headline, reading } from './comparison-view.ts';
import { drResults } from './dr-fixture.ts';
import type { ExperimentResults } from './run-record.ts';

const withoutPredictions = (r: ExperimentResults): ExperimentResults => ({ ...r, runs: r.runs.map((x) => ({ ...x, predictions: undefined })) });

describe('formatting', () => {
  it('formats differences in signed percentage points and p-values', () => {
    expect(formatPp(-0.02333)).toBe('−2.33');
    expect(formatPp(0.0025)).toBe('+0.25');
    expect(formatPp(0.00001)).toBe('0.00');
    expect(formatP(0.06038)).toBe('0.060');
    expect(formatP(0.0001)).toBe('< 0.001');
  });
});

describe('comparisonTable and headline', () => {
  it('counts a variant whose seeds all trail the best by the same amount as not testable, not as a real difference', () => {
    // Predictions kept: the seed line sits under the test-image answer; only the records' test_acc is edited.
    const r = drResults();
    const best = new Map(r.runs.filter((x) => x.variant === 'vmamba-t').map((x) => [x.seed, x.test_acc!] as const));
    const runs = r.runs.map((x) => (x.variant === 'nnmamba3-scaled' ? { ...x, test_acc: best.get(x.seed)! - 2 / 531 } : x));
    const a = analyze({ ...r, runs });
    expect(a.comparisons!.rows.find((row) => a.variants[row.index]!.variant === 'nnmamba3-scaled')!.pAdjusted).toBeNull();
    const line = headline(a).find((l) => l.startsWith('Across seeds'))!;
    expect(line).toMatch(/0 of 1 variant\(s\) differ .*; 1 not testable \(identical difference in all 3 seeds: no spread to test against\)\.$/);
  });

  it('reads the comparison in words, naming the test', () => {
    const a = analyze(drResults());
    const table = comparisonTable(a)!;
    expect(table.rows).toHaveLength(3);
    expect(table.rows[0]!.cells[table.columns.findIndex((c) => c.key === 'reading')]!.text).toBe('best');
    expect(reading(a.comparisons!.rows[1]!)).toMatch(/not distinguishable from the best at the 5% level with 3 seeds \(paired t-test\)/);
    const lines = headline(a);
    // With predictions stored, the answer comes from the test images (seeds and images together).
    expect(lines[0]).toMatch(/^Best by accuracy \(test split, 200 images, epoch chosen on valid\): VMamba \(vmamba-t\), 97\.33 % \(mean of 3 seeds, 95% CI \[\d+\.\d, \d+\.\d\] %, two-level bootstrap over seeds and images; the test images dominate/);
    expect(lines[1]).toMatch(/^Not distinguishable from it on these images \(Holm-adjusted p ≥ 0\.05\): nnMamba \(nnmamba3-scaled\) −0\.17 pp \[/);
    expect(lines.some((l) => l.startsWith('Across seeds (t-tests on test accuracy, Holm-adjusted): 0 of 2 variant(s) differ'))).toBe(true);
    expect(lines.some((l) => l.startsWith('Cost: the best trained in'))).toBe(true);
    expect(lines.some((l) => l.startsWith('Screening (test split, positive class DR)'))).toBe(true);
    // Without predictions: the seed-level answer, Holm-adjusted over its two t-tests (scipy.stats.ttest_rel on the
    // fixture's test accuracies: raw p 0.937 for nnMamba, 0.018 for MedMamba).
    const seedsOnly = headline(analyze(withoutPredictions(drResults())));
    expect(seedsOnly[0]).toMatch(/^Best by test accuracy: VMamba \(vmamba-t\), 97\.33 % \(3 seeds, 95% CI \[\d+\.\d\d, 100\.00\] %\)\.$/);
    expect(seedsOnly[1]).toMatch(/^nnMamba \(nnmamba3-scaled\): −0\.17 pp vs the best \(95% CI \[−8\.25, \+7\.91\] pp, paired t-test Holm-adjusted p = 0\.937\)/);
    expect(seedsOnly[2]).toMatch(/^MedMamba \(medmamba-t\): −6\.17 pp vs the best \(95% CI \[.*\] pp, paired t-test Holm-adjusted p = 0\.036\): a real difference/);
  });

  it('says that one seed allows no interval', () => {
    const a = analyze(drResults({ seeds: [1], withFailure: false }));
    // The test images still give an interval for one seed, labelled as such.
    const lines = headline(a);
    expect(lines[0]).toContain('Wilson over the images: uncertainty of this trained model on this test set, not seed-to-seed variation');
    expect(lines.some((l) => l.includes('exact McNemar test'))).toBe(true);
    const seedsOnly = headline(analyze(withoutPredictions(drResults({ seeds: [1], withFailure: false }))));
    expect(seedsOnly[0]).toContain('(1 seed: no interval)');
    expect(seedsOnly[1]).toContain('1 seed: no interval');
    const table = comparisonTable(a)!;
    const ci = table.columns.findIndex((c) => c.key === 'ci');
    expect(table.rows[1]!.cells[ci]!.text).toBe('1 seed: no interval');
  });

  it('has nothing to say without a successful run', () => {
    const a = analyze({ ...drResults(), runs: [] });
    expect(comparisonTable(a)).toBeNull();
    expect(headline(a)).toEqual(['No successful run yet: nothing to compare.']);
  });
});
