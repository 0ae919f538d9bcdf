import { describe, expect, it } from 'vitest';
import { clinicalSplit, positiveClassIndex, runClinical } from './run-clinical.ts';
import type { RunRecord } from './run-record.ts';
import { drResults } from './dr-fixture.ts';

const base = drResults({ seeds: [1], withFailure: false }).runs[0]!;

function withPreds(predictions: RunRecord['predictions'], class_names: string[] | undefined = ['DR', 'No_DR']): RunRecord {
  return { ...base, predictions, class_names };
}

describe('positiveClassIndex', () => {
  it('is the class named DR, else 0', () => {
    expect(positiveClassIndex(['No_DR', 'DR'])).toBe(1);
    expect(positiveClassIndex(['DR', 'No_DR'])).toBe(0);
    expect(positiveClassIndex(['healthy', 'sick'])).toBe(0);
    expect(positiveClassIndex(undefined)).toBe(0);
  });
});

describe('runClinical', () => {
  // 4 DR (label 0), 4 No_DR: predictions argmax → TP 3, FN 1, FP 1, TN 3.
  const test = {
    labels: [0, 0, 0, 0, 1, 1, 1, 1],
    probs: [[0.9, 0.1], [0.8, 0.2], [0.6, 0.4], [0.3, 0.7], [0.55, 0.45], [0.2, 0.8], [0.1, 0.9], [0.4, 0.6]],
  };

  it('computes the screening metrics with DR positive', () => {
    const c = runClinical(withPreds({ test }), 'test')!;
    expect(c.confusion).toEqual([[3, 1], [1, 3]]);
    expect(c.sensitivity).toBe(0.75);
    expect(c.specificity).toBe(0.75);
    expect(c.precision).toBe(0.75);
    expect(c.f1).toBe(0.75);
    expect(c.kappa).toBeCloseTo(0.5, 14);
    // DR scores, positives 0.9 0.8 0.6 0.3 vs negatives 0.55 0.2 0.1 0.4: pairs won 4+4+4+2 = 14 of 16
    expect(c.roc_auc).toBeCloseTo(14 / 16, 14);
  });

  it('follows the DR name when it is not class 0', () => {
    const flipped = { labels: test.labels.map((l) => 1 - l), probs: test.probs.map(([a, b]) => [b!, a!]) };
    const c = runClinical(withPreds({ test: flipped }, ['No_DR', 'DR']), 'test')!;
    expect(c.positive).toBe(1);
    expect(c.sensitivity).toBe(0.75);
    expect(c.roc_auc).toBeCloseTo(14 / 16, 14);
  });

  it('returns null for missing or malformed predictions instead of throwing', () => {
    expect(runClinical(withPreds(undefined), 'test')).toBeNull();
    expect(runClinical(withPreds({ valid: test }), 'test')).toBeNull();
    expect(runClinical(withPreds({ test: { labels: [0, 1], probs: [[1, 0]] } }), 'test')).toBeNull();
    expect(runClinical(withPreds({ test: { labels: [0, 5], probs: [[1, 0], [0, 1]] } }), 'test')).toBeNull();
  });
});

describe('clinicalSplit', () => {
  it('is test when every run with predictions has test, else valid, else null', () => {
    const p = { labels: [0, 1], probs: [[0.9, 0.1], [0.2, 0.8]] };
    expect(clinicalSplit([withPreds({ valid: p, test: p }), withPreds({ valid: p, test: p })])).toBe('test');
    expect(clinicalSplit([withPreds({ valid: p, test: p }), withPreds({ valid: p })])).toBe('valid');
    expect(clinicalSplit([withPreds(undefined)])).toBeNull();
  });
});
