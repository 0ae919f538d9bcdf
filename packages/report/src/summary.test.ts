import { describe, expect, it } from 'vitest';
import { MISSING } from './format.ts';
import { PALETTE, TABLE_COLUMNS, buildSummary } from './summary.ts';
import { fakeResults } from './test-fixture.ts';

const col = (key: string) => TABLE_COLUMNS.findIndex((c) => c.key === key);

describe('buildSummary', () => {
  const results = fakeResults();
  const summary = buildSummary(results);

  it('has one row per variant in sweep order', () => {
    expect(summary.rows.map((r) => r.variant)).toEqual(['nnmamba3-scaled', 'vim-tiny, "v2"', 'vmamba-small']);
    for (const row of summary.rows) expect(row.cells).toHaveLength(TABLE_COLUMNS.length);
  });

  it('shows mean ± sample std and the seed count', () => {
    const [nn] = summary.rows;
    // (0.8125, 0.8275): mean 0.82, sample std 0.0106066
    expect(nn!.cells[col('best_val_acc')]!.text).toBe('82.00 ± 1.06');
    expect(nn!.cells[col('seeds')]).toEqual({ text: '2', title: 'seeds 1, 2' });
    expect(nn!.cells[col('params')]!.text).toBe('12.35 M');
    expect(nn!.cells[col('train_time_s')]!.text).toBe('1:02:21 ± 7.1 s');
  });

  it('marks the best value of each accuracy column only', () => {
    const bestCells = summary.rows.flatMap((r, ri) =>
      r.cells.map((c, ci) => (c.best ? [ri, TABLE_COLUMNS[ci]!.key] : null)).filter(Boolean));
    expect(bestCells).toEqual([[0, 'best_val_acc'], [0, 'test_acc']]);
  });

  it('keeps failed runs with their error', () => {
    const failed = summary.rows[2]!;
    expect(failed.cells[col('status')]!.text).toBe('failed');
    expect(failed.cells[col('best_val_acc')]!.text).toBe(MISSING);
    expect(failed.failures[0]!.error).toContain('CUDA out of memory');
    expect(summary.failures.map((f) => f.run_id)).toEqual(['vmamba-small__s1__a1b2c3']);
  });

  it('colours runs by variant', () => {
    expect(summary.runColours).toEqual([PALETTE[0], PALETTE[0], PALETTE[1], PALETTE[1], PALETTE[2]]);
  });

  it('summarises the dataset and the period', () => {
    expect(summary.datasets).toHaveLength(1);
    const ds = summary.datasets[0]!;
    expect(ds.splits).toEqual(['train', 'val', 'test']);
    expect(ds.classes).toEqual(['0', '1', '2', '3', '4']);
    expect(ds.counts[1]).toEqual([180, 37, 100, 19, 30]);
    expect(summary.period).toBe('2025-06-01 10:00:00 UTC → 2025-06-02 11:02:05 UTC');
  });

  it('copes with an experiment that has no runs yet', () => {
    const empty = buildSummary({ ...results, runs: [] });
    expect(empty.rows).toEqual([]);
    expect(empty.period).toBe('no runs yet');
  });
});

describe('buildSummary run table', () => {
  const summary = buildSummary(fakeResults());
  const runCol = (key: string) => summary.runColumns.findIndex((c) => c.key === key);

  it('has one unaveraged row per run, failed ones included with partial metrics', () => {
    expect(summary.runRows.map((r) => r.cells[runCol('seed')]!.text)).toEqual(['1', '2', '1', '2', '1']);
    expect(summary.runRows[0]!.cells[runCol('run_id')]!.text).toBe('nnmamba3-scaled__s1__a1b2c3');
    expect(summary.runRows[0]!.cells[runCol('best_val_acc')]!.text).toBe('81.25');
    const failed = summary.runRows[4]!;
    expect(failed.cells[runCol('status')]!.text).toBe('failed');
    expect(failed.cells[runCol('peak_rss_mb')]!.text).toBe('31000');
    expect(failed.failures).toHaveLength(1);
    for (const row of summary.runRows) expect(row.cells).toHaveLength(summary.runColumns.length);
    expect(summary.runRows.some((r) => r.cells.some((c) => c.best))).toBe(false);
  });
});
