import { describe, expect, it } from 'vitest';
import { pairwiseAuc } from './pairwise-auc-reference.ts';
import { aucComponents, delongInterval, delongPairedTest } from './delong.ts';

// Hanley & McNeil 1982 (Radiology 143:29), Table 1: CT images rated 1-5 ("definitely normal" to
// "definitely abnormal"); 58 normal images rated 33, 6, 6, 11, 2 and 51 abnormal ones 3, 2, 2,
// 11, 33. The paper gives AUC 0.893.
const HM_SCORES: number[] = [];
const HM_POSITIVE: boolean[] = [];
[33, 6, 6, 11, 2].forEach((count, r) => {
  for (let i = 0; i < count; i++) {
    HM_SCORES.push(r + 1);
    HM_POSITIVE.push(false);
  }
});
[3, 2, 2, 11, 33].forEach((count, r) => {
  for (let i = 0; i < count; i++) {
    HM_SCORES.push(r + 1);
    HM_POSITIVE.push(true);
  }
});

// 60 images (27 positive), two correlated scores, made with numpy 2.4:
//   rng = np.random.default_rng(20261202); y = [1]*27 + [0]*33 shuffled by rng; shared = rng.normal(size=60)
//   a = round(1.3 y + 0.8 shared + 0.6 rng.normal(size=60), 2); b = round(0.8 y + 0.8 shared + 0.8 rng.normal(size=60), 2)
// Rounding leaves ties: within the positives and across the classes (A: -0.25), and in B.
const LABELS = [1, 1, 1, 0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0];
const SCORES_A = [0.49, 2.24, 3.06, -0.06, 2.9, -0.3, -0.77, 2.25, -1.05, -0.83, 3.09, 2.22, 0.09, -0.49, 1.73, -1.42, 0.56, 0.79, 1.13, -0.35, -1.11, 0.78, -0.76, 1.15, 0.87, -0.93, -1.21, 3.81, -0.97, 1.66, -0.08, 2.86, -0.16, 2.51, 2.12, 0.75, 0.05, 0.44, -0.04, 1.07, 2.43, -0.69, 2.78, -0.25, 1.3, -0.05, 2.01, -0.25, 0.24, -0.1, -0.18, 1.43, 1.66, 0.12, -0.78, 0.16, -1.41, -1.32, 1.27, -1.18];
const SCORES_B = [0.79, 1.19, 1.42, -1.08, 1.9, 0.25, -1.27, 1, -0.65, 1.81, 0.52, 1.68, -0.27, -1.05, 1.22, -0.1, 0.9, -0.1, 0.34, -0.51, -0.66, -1.84, -0.55, 0.34, -0.86, 0.01, -1.4, 3.37, -0.28, 0.97, 0.34, 1.33, -1.27, 1, 2.23, 0.46, -1.53, 1.92, 0.27, 0.62, 1.74, 0.75, 1.94, -1.64, 0.22, 0.14, 1.14, 0.83, 0.72, 0.32, -0.4, 2.51, 0.48, 0.44, -0.43, 1.38, 0.42, -2.27, 1.48, -1.23];
const POSITIVE = LABELS.map((y) => y === 1);

describe('aucComponents', () => {
  it('gives the pairwise AUC (ties ½), as the mean of both component vectors', () => {
    for (const [scores, positive] of [[HM_SCORES, HM_POSITIVE], [SCORES_A, POSITIVE], [SCORES_B, POSITIVE]] as const) {
      const c = aucComponents(scores, positive)!;
      const ref = pairwiseAuc(scores, positive);
      expect(c.auc).toBeCloseTo(ref, 14);
      expect(c.v10.reduce((s, v) => s + v, 0) / c.v10.length).toBeCloseTo(ref, 14);
      expect(c.v01.reduce((s, v) => s + v, 0) / c.v01.length).toBeCloseTo(ref, 14);
    }
  });

  it('gives each positive the share of negatives it outscores, and each negative the share of positives above it', () => {
    // positives 0.9, 0.5, 0.5; negatives 0.5, 0.1. By hand: V10 = [1, 0.75, 0.75]; V01 = [2/3, 1].
    const c = aucComponents([0.9, 0.5, 0.5, 0.1, 0.5], [true, false, true, false, true])!;
    expect(Array.from(c.v10)).toEqual([1, 0.75, 0.75]);
    expect(c.v01[0]).toBeCloseTo(2 / 3, 15);
    expect(c.v01[1]).toBe(1);
    expect(c.auc).toBeCloseTo(2.5 / 3, 15);
  });

  it('is null without both classes and rejects unaligned labels', () => {
    expect(aucComponents([0.1, 0.2], [true, true])).toBeNull();
    expect(aucComponents([0.1, 0.2], [false, false])).toBeNull();
    expect(() => aucComponents([0.1, 0.2], [true])).toThrow(RangeError);
  });
});

describe('delongInterval', () => {
  it('reproduces pROC on the Hanley & McNeil CT ratings', () => {
    // R 4.2.2, pROC 1.18.0: r <- roc(c(rep(0, 58), rep(1, 51)),
    //   c(rep(1:5, c(33, 6, 6, 11, 2)), rep(1:5, c(3, 2, 2, 11, 33))), levels = c(0, 1), direction = "<")
    // auc(r); sqrt(var(r, method = "delong")); ci.auc(r, method = "delong")
    const r = delongInterval(HM_SCORES, HM_POSITIVE)!;
    expect(r.auc).toBeCloseTo(0.89317106152805947, 14);
    expect(r.auc).toBeCloseTo(0.893, 3); // Hanley & McNeil 1982
    expect(r.se).toBeCloseTo(0.030724408379381115, 12);
    expect(r.ci[0]).toBeCloseTo(0.83295232765817184, 12);
    expect(r.ci[1]).toBeCloseTo(0.9533897953979471, 12);
    // ci.auc(r, method = "delong", conf.level = 0.9)
    const r90 = delongInterval(HM_SCORES, HM_POSITIVE, 0.9)!;
    expect(r90.ci[0]).toBeCloseTo(0.84263390696929619, 12);
    expect(r90.ci[1]).toBeCloseTo(0.94370821608682265, 12);
  });

  it('reproduces pROC on the 60-image continuous scores', () => {
    // R 4.2.2, pROC 1.18.0: ra <- roc(LABELS, SCORES_A, levels = c(0, 1), direction = "<"); same for B;
    // auc(); sqrt(var(, method = "delong")); ci.auc(, method = "delong")
    const a = delongInterval(SCORES_A, POSITIVE)!;
    expect(a.auc).toBeCloseTo(0.84343434343434343, 14);
    expect(a.se).toBeCloseTo(0.052562570862706395, 12);
    expect(a.ci[0]).toBeCloseTo(0.74041359760860448, 12);
    expect(a.ci[1]).toBeCloseTo(0.94645508926008237, 12);
    const b = delongInterval(SCORES_B, POSITIVE)!;
    expect(b.auc).toBeCloseTo(0.75420875420875422, 14);
    expect(b.se).toBeCloseTo(0.066582411088262128, 12);
    expect(b.ci[0]).toBeCloseTo(0.62370962647192019, 12);
    expect(b.ci[1]).toBeCloseTo(0.88470788194558825, 12);
    // Labels flipped (the negatives now score higher): pROC roc(1 - LABELS, SCORES_A, levels = c(0, 1),
    // direction = "<") gives 0.053544910739917628, 0.156565656565656575, 0.259586402391395521.
    const flipped = delongInterval(SCORES_A, POSITIVE.map((p) => !p))!;
    expect(flipped.auc).toBeCloseTo(0.15656565656565657, 14);
    expect(flipped.ci[0]).toBeCloseTo(0.053544910739917628, 12);
    expect(flipped.ci[1]).toBeCloseTo(0.25958640239139552, 12);
  });

  it('has SE 0 and interval [1, 1] under perfect separation', () => {
    // pROC 1.18.0: ci.auc(roc(c(0,0,0,1,1,1,1), c(0.1,0.4,0.35,0.8,0.7,0.9,0.65), levels = c(0, 1),
    // direction = "<"), method = "delong") = 1 1 1 (var 0)
    const r = delongInterval([0.1, 0.4, 0.35, 0.8, 0.7, 0.9, 0.65], [false, false, false, true, true, true, true])!;
    expect(r).toEqual({ auc: 1, se: 0, ci: [1, 1] });
  });

  it('is null without both classes', () => {
    expect(delongInterval([0.3, 0.4], [true, true])).toBeNull();
  });
});

describe('delongPairedTest', () => {
  it('reproduces pROC roc.test(paired = TRUE, method = "delong")', () => {
    // R 4.2.2, pROC 1.18.0: t <- roc.test(ra, rb, paired = TRUE, method = "delong")
    // t$statistic, t$p.value, t$conf.int
    const t = delongPairedTest(SCORES_A, SCORES_B, POSITIVE)!;
    expect(t.diff).toBeCloseTo(0.84343434343434343 - 0.75420875420875422, 14);
    expect(t.z).toBeCloseTo(1.9533167265496263, 11);
    expect(t.p).toBeCloseTo(0.0507820767101968, 12);
    expect(t.ci[0]).toBeCloseTo(-0.00030364021506028294, 12);
    expect(t.ci[1]).toBeCloseTo(0.17875481866623871, 12);
    expect(t.se).toBeCloseTo(t.diff / 1.9533167265496263, 12);
    // roc.test(rb, ra, ...): z = -1.9533167265496263, same p
    const u = delongPairedTest(SCORES_B, SCORES_A, POSITIVE)!;
    expect(u.z).toBeCloseTo(-1.9533167265496263, 11);
    expect(u.p).toBeCloseTo(0.0507820767101968, 12);
    expect(u.se).toBeCloseTo(t.se, 15);
  });

  it('gives identical scores a difference of 0 and p = 1', () => {
    for (const scores of [SCORES_A, HM_SCORES]) {
      const positive = scores === HM_SCORES ? HM_POSITIVE : POSITIVE;
      const t = delongPairedTest(scores, [...scores], positive)!;
      expect(t.diff).toBe(0);
      expect(t.se).toBe(0);
      expect(t.p).toBe(1);
      expect(t.ci).toEqual([0, 0]);
    }
  });

  it('is null without both classes and rejects unpaired scores', () => {
    expect(delongPairedTest([0.1, 0.2], [0.3, 0.4], [false, false])).toBeNull();
    expect(() => delongPairedTest([0.1, 0.2], [0.3], [true, false])).toThrow(RangeError);
  });
});
