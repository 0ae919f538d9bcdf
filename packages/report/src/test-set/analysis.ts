import type { VariantAnalysis } from '../variant-analysis.ts';
import { argmax } from '../classification-metrics.ts';
import { positiveClassIndex, type EvalSplit } from '../run-clinical.ts';
import type { RunRecord } from '../run-record.ts';
import { delongInterval, delongPairedTest } from './delong.ts';
import { imageBootstrap, type ImageBootstrap, type ScoredRun } from './image-bootstrap.ts';
import { discordantPairs, exactMcNemarP } from './mcnemar.ts';
import { pairedDifferenceInterval } from './paired-difference.ts';
import { bootstrapDifference, percentileInterval, twoLevelDraws, uncertaintySources } from './two-level.ts';
import { wilsonInterval } from './wilson.ts';

/** A variant's score on the evaluation images, with the interval those images allow. */
export interface VariantTestSet {
  /** Index into Analysis.variants. */
  index: number;
  seeds: number;
  images: number;
  /** Mean over seeds of the accuracy on these images. */
  acc: number;
  accCi: [number, number] | null;
  auc: number | null;
  aucCi: [number, number] | null;
  /** 'Wilson' / 'DeLong' with one seed; 'two-level bootstrap' (seeds and images) with several. */
  accMethod: string;
  aucMethod: string;
  /** Wilson intervals of sensitivity and specificity (one seed; the seeds' pooled counts with several). */
  sensitivity: { value: number; ci: [number, number] } | null;
  specificity: { value: number; ci: [number, number] } | null;
  /** With several seeds: the SD of the mean accuracy from seeds alone and from images alone. */
  sources: { seedSd: number; imageSd: number } | null;
}

/** This variant minus the best one on the same images. */
export interface TestSetComparison {
  index: number;
  metric: 'accuracy' | 'roc_auc';
  diff: number;
  ci: [number, number];
  p: number;
  /** Holm-adjusted over every p-value on the page (set by the caller that knows the page). */
  pAdjusted: number;
  /** How the interval and p were obtained. */
  method: string;
  /** With one seed each: the stratified image bootstrap's interval of the same difference, as a cross-check. */
  bootstrapCi: [number, number] | null;
  /** McNemar's discordant images: right only here / right only in the best (one seed each). */
  discordant: { onlyThis: number; onlyBest: number } | null;
}

export interface TestSetAnalysis {
  split: EvalSplit;
  images: number;
  /** Index into Analysis.variants of the best by mean accuracy on these images. */
  bestIndex: number;
  variants: VariantTestSet[];
  accuracy: TestSetComparison[];
  auc: TestSetComparison[];
  /** Variants that could not be compared: they saw other images, or stored no predictions. */
  excluded: { index: number; reason: string }[];
}

interface Prepared {
  index: number;
  runs: RunRecord[];
  scored: ScoredRun[];
  positive: boolean[];
  key: string;
}

/** Per-image answers of a run on `split`, or a reason why there are none. */
function scoreRun(run: RunRecord, split: EvalSplit): { scored: ScoredRun; positive: boolean[]; key: string } | string {
  const preds = run.predictions?.[split];
  if (!preds || preds.labels.length === 0 || preds.labels.length !== preds.probs.length) return `no ${split} predictions stored`;
  const pos = positiveClassIndex(run.class_names);
  const correct = Uint8Array.from(preds.labels, (l, i) => (argmax(preds.probs[i]!) === l ? 1 : 0));
  const scores = Float64Array.from(preds.probs, (p) => p[pos] ?? Number.NaN);
  if (scores.some((s) => !Number.isFinite(s))) return `${split} predictions have a missing or non-finite probability`;
  // The same images: same dataset fingerprint and the same labels in the same order.
  const key = JSON.stringify([run.dataset?.fingerprint ?? '', preds.labels]);
  return { scored: { correct, scores }, positive: preds.labels.map((l) => l === pos), key };
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const accOf = (r: ScoredRun) => r.correct.reduce((s, x) => s + x, 0) / r.correct.length;

function sensSpec(prepared: Prepared): Pick<VariantTestSet, 'sensitivity' | 'specificity'> {
  let tp = 0, pos = 0, tn = 0, neg = 0;
  for (const r of prepared.scored) {
    prepared.positive.forEach((p, i) => {
      if (p) { pos++; tp += r.correct[i]!; } else { neg++; tn += r.correct[i]!; }
    });
  }
  const one = (k: number, n: number) => (n > 0 ? { value: k / n, ci: wilsonInterval(k, n)! } : null);
  return { sensitivity: one(tp, pos), specificity: one(tn, neg) };
}

/**
 * Uncertainty from the evaluation images, for every variant and for every variant against the
 * best one on the same images. One seed each: Wilson / DeLong intervals, exact McNemar with
 * Newcombe's paired interval, DeLong's paired test, and the stratified image bootstrap as a
 * cross-check. Several seeds: the two-level bootstrap (seeds within variant, images shared).
 * p-values are returned unadjusted in pAdjusted too; the caller adjusts across the page.
 */
export function testSetAnalysis(variants: readonly VariantAnalysis[], split: EvalSplit, options: { resamples?: number } = {}): TestSetAnalysis | null {
  const excluded: TestSetAnalysis['excluded'] = [];
  const prepared: Prepared[] = [];
  variants.forEach((v, index) => {
    if (v.ok.length === 0) return;
    const scored = v.ok.map((r) => scoreRun(r, split));
    const why = scored.find((s): s is string => typeof s === 'string');
    if (why) return excluded.push({ index, reason: why });
    const ok = scored as Exclude<(typeof scored)[number], string>[];
    if (new Set(ok.map((s) => s.key)).size > 1) return excluded.push({ index, reason: `its seeds were scored on different ${split} images` });
    prepared.push({ index, runs: v.ok, scored: ok.map((s) => s.scored), positive: ok[0]!.positive, key: ok[0]!.key });
  });
  if (prepared.length === 0) return null;
  // Compare on the images most variants share; the rest are listed as excluded.
  const byKey = new Map<string, Prepared[]>();
  for (const p of prepared) byKey.set(p.key, [...(byKey.get(p.key) ?? []), p]);
  const group = [...byKey.values()].sort((a, b) => b.length - a.length)[0]!;
  for (const p of prepared) if (!group.includes(p)) excluded.push({ index: p.index, reason: `scored on other ${split} images than the compared variants` });

  const positive = group[0]!.positive;
  const allRuns = group.flatMap((p) => p.scored);
  const boot: ImageBootstrap = imageBootstrap(allRuns, positive, { resamples: options.resamples });
  let offset = 0;
  const slices = group.map((p) => {
    const s = { acc: boot.acc.slice(offset, offset + p.scored.length), auc: boot.auc.slice(offset, offset + p.scored.length) };
    offset += p.scored.length;
    return s;
  });
  // Seed draws: one stream per variant (seeded by its position), shared by every comparison it is in.
  const draws = group.map((p, g) => ({
    acc: twoLevelDraws(slices[g]!.acc, 1 + 2 * g),
    auc: twoLevelDraws(slices[g]!.auc, 2 + 2 * g),
  }));

  const stats: VariantTestSet[] = group.map((p, g) => {
    const k = p.scored.length;
    const accs = p.scored.map(accOf);
    const aucs = p.scored.map((r) => delongInterval(Array.from(r.scores), positive));
    const acc = mean(accs);
    const auc = aucs.every((a) => a) ? mean(aucs.map((a) => a!.auc)) : null;
    const one = k === 1;
    const right = p.scored[0]!.correct.reduce((s, x) => s + x, 0);
    return {
      index: p.index, seeds: k, images: positive.length, acc,
      accCi: one ? wilsonInterval(right, positive.length) : percentileInterval(draws[g]!.acc),
      auc,
      aucCi: auc === null ? null : one ? aucs[0]!.ci : percentileInterval(draws[g]!.auc),
      accMethod: one ? 'Wilson' : 'two-level bootstrap',
      aucMethod: one ? 'DeLong' : 'two-level bootstrap',
      ...sensSpec(p),
      sources: one ? null : uncertaintySources(accs, slices[g]!.acc),
    };
  });
  const best = stats.reduce((a, b) => (b.acc > a.acc ? b : a));
  const g0 = stats.indexOf(best);
  const bestPrep = group[g0]!;

  const accuracy: TestSetComparison[] = [];
  const auc: TestSetComparison[] = [];
  group.forEach((p, g) => {
    if (g === g0) return;
    const single = p.scored.length === 1 && bestPrep.scored.length === 1;
    if (single) {
      const a = p.scored[0]!;
      const b = bestPrep.scored[0]!;
      const d = discordantPairs(a.correct, b.correct);
      const bothRight = a.correct.reduce((s, x, i) => s + (x && b.correct[i] ? 1 : 0), 0);
      const bothWrong = positive.length - bothRight - d.onlyA - d.onlyB;
      const p1 = exactMcNemarP(d.onlyA, d.onlyB);
      accuracy.push({
        index: p.index, metric: 'accuracy', diff: (d.onlyA - d.onlyB) / positive.length,
        ci: pairedDifferenceInterval(bothRight, d.onlyA, d.onlyB, bothWrong)!, p: p1, pAdjusted: p1,
        method: "exact McNemar test; Newcombe's paired score interval",
        bootstrapCi: bootstrapDifference(slices[g]!.acc[0]!, slices[g0]!.acc[0]!)?.ci ?? null,
        discordant: { onlyThis: d.onlyA, onlyBest: d.onlyB },
      });
      const t = delongPairedTest(Array.from(a.scores), Array.from(b.scores), positive);
      if (t) {
        auc.push({
          index: p.index, metric: 'roc_auc', diff: t.diff, ci: t.ci, p: t.p, pAdjusted: t.p, method: "DeLong's paired test",
          bootstrapCi: bootstrapDifference(slices[g]!.auc[0]!, slices[g0]!.auc[0]!)?.ci ?? null, discordant: null,
        });
      }
      return;
    }
    const method = 'two-level bootstrap: seeds resampled per variant, test images shared';
    const dAcc = bootstrapDifference(draws[g]!.acc, draws[g0]!.acc);
    if (dAcc) {
      accuracy.push({ index: p.index, metric: 'accuracy', diff: stats[g]!.acc - best.acc, ci: dAcc.ci, p: dAcc.p, pAdjusted: dAcc.p, method, bootstrapCi: null, discordant: null });
    }
    const dAuc = bootstrapDifference(draws[g]!.auc, draws[g0]!.auc);
    if (dAuc && stats[g]!.auc !== null && best.auc !== null) {
      auc.push({ index: p.index, metric: 'roc_auc', diff: stats[g]!.auc! - best.auc!, ci: dAuc.ci, p: dAuc.p, pAdjusted: dAuc.p, method, bootstrapCi: null, discordant: null });
    }
  });
  return { split, images: positive.length, bestIndex: best.index, variants: stats, accuracy, auc, excluded };
}
