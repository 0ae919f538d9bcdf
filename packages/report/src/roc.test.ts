import { describe, expect, it } from 'vitest';
import { rocAuc, rocCurve, thinRoc } from './roc.ts';

// Hand case: 4 positives, 3 negatives, one positive tied with a negative at 0.5.
const scores = [0.9, 0.8, 0.7, 0.6, 0.55, 0.5, 0.5];
const positive = [true, true, false, true, false, true, false];

describe('rocAuc', () => {
  it('counts correctly ranked pairs, ties as one half', () => {
    // Pairs won: 0.9 → 3, 0.8 → 3, 0.6 → 2, 0.5 → 0 + tie ½. Total 8.5 of 12.
    expect(rocAuc(scores, positive)).toBeCloseTo(8.5 / 12, 14);
  });

  it('is 1 for perfect, 0 for reversed and 0.5 for all-tied scores', () => {
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [true, true, false, false])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [true, true, false, false])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5], [true, false, true])).toBe(0.5);
  });

  it('is undefined with one class', () => {
    expect(rocAuc([0.3, 0.4], [true, true])).toBeNull();
  });
});

describe('rocCurve', () => {
  it('steps through thresholds, tied scores together', () => {
    const pts = rocCurve(scores, positive)!;
    const pairs = pts.map((p) => [p.fpr, p.tpr]);
    expect(pairs).toEqual([[0, 0], [0, 0.25], [0, 0.5], [1 / 3, 0.5], [1 / 3, 0.75], [2 / 3, 0.75], [1, 1]]);
  });

  it('has trapezoidal area equal to the rank AUC', () => {
    const pts = rocCurve(scores, positive)!;
    let area = 0;
    for (let i = 1; i < pts.length; i++) area += (pts[i]!.fpr - pts[i - 1]!.fpr) * (pts[i]!.tpr + pts[i - 1]!.tpr) / 2;
    expect(area).toBeCloseTo(rocAuc(scores, positive)!, 14);
  });
});

describe('thinRoc', () => {
  it('keeps both ends and drops points closer than the step', () => {
    const pts = Array.from({ length: 1001 }, (_, i) => ({ fpr: i / 1000, tpr: Math.sqrt(i / 1000) }));
    const thin = thinRoc(pts, 0.01);
    expect(thin[0]).toEqual(pts[0]);
    expect(thin[thin.length - 1]).toEqual(pts[1000]);
    expect(thin.length).toBeLessThan(200);
    expect(thin.length).toBeGreaterThan(50);
  });
});
