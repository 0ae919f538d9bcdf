import { describe, expect, it } from 'vitest';
import { argmax, binaryMetrics, cohenKappa, confusionMatrix } from './classification-metrics.ts';

describe('confusionMatrix', () => {
  it('counts [true][predicted]', () => {
    expect(confusionMatrix([0, 0, 1, 1, 1], [0, 1, 1, 1, 0], 2)).toEqual([[1, 1], [1, 2]]);
  });

  it('rejects out-of-range labels', () => {
    expect(() => confusionMatrix([0, 2], [0, 1], 2)).toThrow(RangeError);
  });
});

describe('argmax', () => {
  it('picks the largest, the first on ties', () => {
    expect(argmax([0.2, 0.7, 0.1])).toBe(1);
    expect(argmax([0.5, 0.5])).toBe(0);
  });
});

describe('binaryMetrics', () => {
  // DR (class 0) positive: TP 45, FN 5, FP 10, TN 40.
  const m = [[45, 5], [10, 40]];

  it('matches hand values', () => {
    const r = binaryMetrics(m, 0);
    expect(r.accuracy).toBeCloseTo(0.85, 14);
    expect(r.sensitivity).toBeCloseTo(0.9, 14);
    expect(r.specificity).toBeCloseTo(0.8, 14);
    expect(r.precision).toBeCloseTo(45 / 55, 14);
    expect(r.f1).toBeCloseTo(90 / 105, 14);
  });

  it('swaps sensitivity and specificity for the other class', () => {
    const r = binaryMetrics(m, 1);
    expect(r.sensitivity).toBeCloseTo(0.8, 14);
    expect(r.specificity).toBeCloseTo(0.9, 14);
  });

  it('treats a multi-class matrix one-vs-rest', () => {
    // positive = 1: TP 5, FN 1+0, FP 2+1, TN the rest (10 + 0 + 0 + 8 = 18)
    const r = binaryMetrics([[10, 2, 0], [1, 5, 0], [0, 1, 8]], 1);
    expect(r.sensitivity).toBeCloseTo(5 / 6, 14);
    expect(r.specificity).toBeCloseTo(18 / 21, 14);
  });

  it('is null where a rate is 0/0', () => {
    const r = binaryMetrics([[0, 0], [3, 7]], 0);
    expect(r.sensitivity).toBeNull();
    expect(r.precision).toBeCloseTo(0, 14);
    expect(r.f1).toBeCloseTo(0, 14);
  });
});

describe('cohenKappa', () => {
  it('matches hand values', () => {
    // p_o = 0.85; marginals rows (50, 50), cols (55, 45): p_e = 0.5; κ = 0.35 / 0.5
    expect(cohenKappa([[45, 5], [10, 40]])).toBeCloseTo(0.7, 14);
    // 3 classes: p_o = 26/30; p_e = (12·11 + 6·8 + 12·11)/900 = 312/900
    const po = 26 / 30;
    const pe = 312 / 900;
    expect(cohenKappa([[10, 2, 0], [1, 5, 0], [0, 1, 11]])).toBeCloseTo((po - pe) / (1 - pe), 14);
  });

  it('is 1 for perfect agreement, 0 at chance, null when undefined', () => {
    expect(cohenKappa([[5, 0], [0, 5]])).toBe(1);
    expect(cohenKappa([[25, 25], [25, 25]])).toBe(0);
    expect(cohenKappa([[0, 0], [0, 0]])).toBeNull();
    expect(cohenKappa([[10, 0], [0, 0]])).toBeNull();
  });
});
