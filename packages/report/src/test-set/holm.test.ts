import { describe, expect, it } from 'vitest';
import { holmAdjust } from './holm.ts';

describe('holmAdjust', () => {
  // statsmodels 0.15: statsmodels.stats.multitest.multipletests(ps, method="holm")[1]
  const STATSMODELS: [number[], number[]][] = [
    [[0.01, 0.04, 0.03, 0.2], [0.04, 0.09, 0.09, 0.2]],
    [[0.001, 0.5, 0.02, 0.02, 0.04, 0.9], [0.006, 1, 0.1, 0.1, 0.12, 1]],
    [[0.3, 0.3, 0.3], [0.8999999999999999, 0.8999999999999999, 0.8999999999999999]],
    [[0.04], [0.04]],
    [[0.0001, 0.011, 0.012, 0.6, 0.013], [0.0005, 0.044, 0.044, 0.6, 0.044]],
    [[0.01, 0.049], [0.02, 0.049]],
  ];
  it.each(STATSMODELS)('%j matches statsmodels multipletests', (ps, ref) => {
    const out = holmAdjust(ps);
    expect(out).toHaveLength(ref.length);
    out.forEach((p, i) => expect(p).toBeCloseTo(ref[i]!, 15));
  });

  it('leaves NaN in place and out of the family size', () => {
    // R 4.2: p.adjust(c(0.01, NA, 0.04, 0.03, NA, 0.2), "holm") = 0.04 NA 0.09 0.09 NA 0.2
    const out = holmAdjust([0.01, Number.NaN, 0.04, 0.03, Number.NaN, 0.2]);
    expect(out[1]).toBeNaN();
    expect(out[4]).toBeNaN();
    [0, 2, 3, 5].forEach((i, j) => expect(out[i]).toBeCloseTo([0.04, 0.09, 0.09, 0.2][j]!, 15));
    expect(holmAdjust([Number.NaN, Number.NaN]).every(Number.isNaN)).toBe(true);
  });

  it('never lowers a p-value, caps at 1 and keeps the order of the raw p-values', () => {
    const ps = [0.2, 0.001, 0.7, 0.03, 0.03, 0.5, 0.011];
    const out = holmAdjust(ps);
    out.forEach((p, i) => {
      expect(p).toBeGreaterThanOrEqual(ps[i]!);
      expect(p).toBeLessThanOrEqual(1);
    });
    for (let i = 0; i < ps.length; i++) {
      for (let j = 0; j < ps.length; j++) if (ps[i]! < ps[j]!) expect(out[i]).toBeLessThanOrEqual(out[j]!);
    }
  });

  it('returns an empty array for no tests', () => {
    expect(holmAdjust([])).toEqual([]);
  });
});
