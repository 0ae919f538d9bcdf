// The comparison as the report makes it, on prediction sets whose true difference is known.
import { describe, expect, it } from 'vitest';
import { analyze } from '../analysis.ts';
import { Rng } from '@mambabench/random';
import { headline } from '../comparison-view.ts';
import { drResults } from '../dr-fixture.ts';
import type { ExperimentResults, RunRecord } from '../run-record.ts';

const N = 256;
const labels = Array.from({ length: N }, (_, i) => i % 2); // DR, No_DR alternating

/** Predictions right on exactly `right` images: the first `right` of a fixed shuffled order. */
function predictionsRight(right: number, order: number[], confidence: (i: number) => number) {
  const correct = new Set(order.slice(0, right));
  const probs = labels.map((l, i) => {
    const pTrue = correct.has(i) ? confidence(i) : 1 - confidence(i);
    const pDr = l === 0 ? pTrue : 1 - pTrue;
    return [pDr, 1 - pDr];
  });
  return { labels, probs };
}

function shuffled(seed: number): number[] {
  return Array.from(new Rng(seed).permutation(N));
}

/** Three variants from the DR fixture, their test predictions replaced: `rights[v][seed]` images right. */
function results(rights: number[][]): ExperimentResults {
  const base = drResults({ seeds: rights[0]!.map((_, s) => s + 1), withFailure: false });
  const variants = [...new Set(base.runs.map((r) => r.variant))];
  const runs = base.runs.map((r): RunRecord => {
    const v = variants.indexOf(r.variant);
    const right = rights[v]![r.seed - 1]!;
    // Identical right-counts get identical predictions (same order and confidence).
    const preds = predictionsRight(right, shuffled(right), (i) => 0.6 + 0.39 * ((i * 7919 + right) % 101) / 100);
    return { ...r, test_acc: right / N, predictions: { ...r.predictions, test: preds } };
  });
  return { ...base, runs };
}

describe('test-image comparison in the report', () => {
  it('finds a 20-point difference at n = 256 with one seed, and none between identical prediction sets', () => {
    // Variants in fixture order: nnmamba3-scaled, medmamba-t, vmamba-t.
    const a = analyze(results([[205], [154], [205]]));
    const ts = a.testSet!;
    expect(ts.images).toBe(N);
    const medmamba = ts.accuracy.find((c) => a.variants[c.index]!.variant === 'medmamba-t')!;
    expect(medmamba.diff).toBeCloseTo(-51 / N, 12);
    expect(medmamba.ci[1]).toBeLessThan(0);
    expect(medmamba.pAdjusted).toBeLessThan(0.001);
    expect(medmamba.method).toContain('exact McNemar');
    const twin = [...ts.accuracy].find((c) => c.diff === 0)!;
    expect(twin.p).toBe(1);
    expect(twin.ci[0]).toBeLessThanOrEqual(0);
    expect(twin.ci[1]).toBeGreaterThanOrEqual(0);
    const lines = headline(a);
    expect(lines[0]).toMatch(/^Best by accuracy \(test split, 256 images, epoch chosen on valid\): .*80\.08 % \(95% CI \[74\.8, 84\.5\] %, Wilson over the images: uncertainty of this trained model on this test set, not seed-to-seed variation\)\. Tied with /);
    expect(lines.find((l) => l.startsWith('Not distinguishable'))).toMatch(/0\.00 pp .*adjusted p 1\.000/);
    expect(lines.find((l) => l.startsWith('Worse than it'))).toMatch(/^Worse than it, beyond test-image noise \(Holm-adjusted p < 0\.05\): MedMamba \(medmamba-t\) −19\.92 pp \[/);
  });

  it('tells two models 3 points apart from noise with one seed (n = 256), as it should', () => {
    const a = analyze(results([[205], [197], [150]]));
    const near = a.testSet!.accuracy.find((c) => a.variants[c.index]!.variant === 'medmamba-t')!;
    expect(near.pAdjusted).toBeGreaterThan(0.05);
    expect(near.ci[0]).toBeLessThan(0);
    expect(near.ci[1]).toBeGreaterThan(0);
  });

  it('uses the two-level bootstrap with several seeds and still finds the 20-point gap', () => {
    const a = analyze(results([[205, 200, 208], [154, 150, 160], [205, 200, 208]]));
    const ts = a.testSet!;
    const medmamba = ts.accuracy.find((c) => a.variants[c.index]!.variant === 'medmamba-t')!;
    expect(medmamba.method).toContain('two-level bootstrap');
    expect(medmamba.ci[1]).toBeLessThan(0);
    expect(medmamba.pAdjusted).toBeLessThan(0.01);
    const twin = ts.accuracy.find((c) => a.variants[c.index]!.variant !== 'medmamba-t')!;
    expect(twin.diff).toBe(0);
    expect(twin.pAdjusted).toBe(1);
    const best = ts.variants.find((s) => s.index === ts.bestIndex)!;
    expect(best.accMethod).toBe('two-level bootstrap');
    expect(best.sources!.seedSd).toBeGreaterThan(0);
    expect(best.sources!.imageSd).toBeGreaterThan(0);
  });

  it('leaves out a variant scored on other images, and says why', () => {
    const r = results([[205], [154], [205]]);
    r.runs[1] = { ...r.runs[1]!, dataset: { ...r.runs[1]!.dataset!, fingerprint: 'other' } };
    const a = analyze(r);
    expect(a.testSet!.excluded).toEqual([{ index: 1, reason: 'scored on other test images than the compared variants' }]);
    expect(headline(a).some((l) => l.includes('is not in this comparison: scored on other test images'))).toBe(true);
  });
});
