import { describe, expect, it } from 'vitest';
import { analyze } from './analysis.ts';
import { drResults } from './dr-fixture.ts';
import { mean, sampleStd } from './stats.ts';
import { buildSummary } from './summary.ts';
import { fakeResults } from './test-fixture.ts';

describe('analyze', () => {
  const results = drResults();
  const a = analyze(results);

  it('groups runs per variant in sweep order', () => {
    expect(a.variants.map((v) => v.variant)).toEqual(['nnmamba3-scaled', 'medmamba-t', 'vmamba-t', 'vim-s']);
    expect(a.variants[3]!.ok).toHaveLength(0);
    expect(a.variants[3]!.failed).toHaveLength(1);
  });

  it('aggregates every metric over the successful seeds', () => {
    const v = a.variants[0]!;
    const test = results.runs.filter((r) => r.variant === 'nnmamba3-scaled').map((r) => r.test_acc!);
    expect(v.stats.test_acc!.mean).toBeCloseTo(mean(test), 14);
    expect(v.stats.test_acc!.std).toBeCloseTo(sampleStd(test)!, 14);
    expect(v.stats.test_acc!.n).toBe(3);
    expect(v.stats.test_acc!.seeds).toEqual([1, 2, 3]);
    expect(v.stats.roc_auc!.n).toBe(3);
    expect(v.stats.macs!.mean).toBe(4.1e9);
  });

  it('clips intervals to what the metric can take', () => {
    for (const v of a.variants) {
      for (const key of ['test_acc', 'sensitivity', 'specificity', 'roc_auc'] as const) {
        const ci = v.stats[key]?.ci;
        if (ci) expect(ci[1]).toBeLessThanOrEqual(1);
      }
    }
  });

  it('uses the test split with DR positive and sums confusion matrices over seeds', () => {
    expect(a.clinicalSplit).toBe('test');
    expect(a.positiveClass).toBe('DR');
    const cm = a.variants[0]!.confusion!;
    expect(cm.flat().reduce((s, x) => s + x, 0)).toBe(3 * 200);
    expect(a.variants[0]!.roc![0]).toEqual({ fpr: 0, tpr: 0 });
    expect(a.variants[3]!.confusion).toBeNull();
  });

  it('marks the best mean in each direction', () => {
    expect(a.best.test_acc).toBe(a.variants[2]!.stats.test_acc!.mean);
    expect(a.best.train_time_s).toBe(a.variants[0]!.stats.train_time_s!.mean);
    expect(a.best.best_epoch).toBeUndefined();
  });

  it('turns the published comparison on by name or by the spec flag', () => {
    expect(a.publishedComparison).toBe(true);
    expect(a.variants[2]!.published!.acc_pct).toBe(98.12);
    const plain = fakeResults();
    expect(analyze(plain).publishedComparison).toBe(false);
    expect(analyze({ ...plain, experiment: { ...plain.experiment, spec: { published_comparison: true } } }).publishedComparison).toBe(true);
  });

  it('keeps grid settings of one variant apart', () => {
    const r = drResults({ withFailure: false });
    r.runs = r.runs.map((run, i) => ({ ...run, hyperparameters: { ...run.hyperparameters, overrides: { 'optimizer.lr': i % 2 ? 1e-3 : 3e-4 } } }));
    const labels = analyze(r).variants.map((v) => v.label);
    expect(labels).toContain('nnmamba3-scaled [lr=0.0003]');
    expect(labels).toContain('nnmamba3-scaled [lr=0.001]');
    expect(labels).toHaveLength(6);
  });

  it('has no clinical view without predictions', () => {
    const none = analyze(fakeResults());
    expect(none.clinicalSplit).toBeNull();
    expect(none.positiveClass).toBeNull();
    expect(none.variants.every((v) => v.confusion === null && v.stats.sensitivity === null)).toBe(true);
  });
});

describe('analyze with a crashed run as the runner records it', () => {
  it('keeps it in its variant row, without a family name, zero params or empty dataset leaking in', () => {
    const r = drResults({ seeds: [1, 2], withFailure: false });
    r.runs.push({
      ...r.runs[0]!, seed: 3, run_id: 'nnmamba3-scaled__s3', model: '', params: 0, status: 'failed', error: 'exit 134',
      best_val_acc: null, best_epoch: null, test_acc: null, peak_tensor_mb: null, peak_rss_mb: null, train_time_s: null, images_per_s: null,
      dataset: { name: '', fingerprint: '', counts: {} }, curves: [], predictions: undefined, macs: undefined,
    });
    const a = analyze(r);
    expect(a.variants).toHaveLength(3);
    const nn = a.variants[0]!;
    expect(nn.model).toBe('nnMamba');
    expect(nn.ok).toHaveLength(2);
    expect(nn.failed).toHaveLength(1);
    expect(nn.params).toEqual([15_600_000]);
    expect(buildSummary(r).datasets).toHaveLength(1);
  });
});
