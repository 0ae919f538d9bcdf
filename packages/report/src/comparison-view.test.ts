import { describe, expect, it } from 'vitest';
import { analyze } from './analysis.ts';
import { comparisonTable, formatP, formatPp, headline, reading } from './comparison-view.ts';
import { drResults } from './dr-fixture.ts';

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
  it('reads the comparison in words, naming the test', () => {
    const a = analyze(drResults());
    const table = comparisonTable(a)!;
    expect(table.rows).toHaveLength(3);
    expect(table.rows[0]!.cells[table.columns.findIndex((c) => c.key === 'reading')]!.text).toBe('best');
    expect(reading(a.comparisons!.rows[1]!)).toMatch(/not distinguishable from the best at the 5% level with 3 seeds \(paired t-test\)/);
    const lines = headline(a);
    expect(lines[0]).toMatch(/^Best by test accuracy: VMamba \(vmamba-t\), 98\.33 % \(3 seeds, 95% CI \[\d+\.\d\d, 100\.00\] %\)\.$/);
    expect(lines[1]).toMatch(/^nnMamba \(nnmamba3-scaled\): −2\.33 pp vs the best \(95% CI \[.*\] pp, paired t-test p = 0\.060\)/);
    expect(lines.some((l) => l.startsWith('Cost: the best trained in'))).toBe(true);
    expect(lines.some((l) => l.startsWith('Screening (test split, positive class DR)'))).toBe(true);
  });

  it('says that one seed allows no interval', () => {
    const a = analyze(drResults({ seeds: [1], withFailure: false }));
    const lines = headline(a);
    expect(lines[0]).toContain('(1 seed: no interval)');
    expect(lines[1]).toContain('1 seed: no interval');
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
