import type { Analysis } from './analysis.ts';
import { MISSING, formatFixed, formatP, formatPercent, formatPp } from './format.ts';
import type { TestSetAnalysis, TestSetComparison, VariantTestSet } from './test-set/analysis.ts';
import { variantColour } from './palette.ts';
import type { VariantAnalysis } from './variant-analysis.ts';
import type { Cell, TableColumn, TableView, VariantRow } from './view-types.ts';

const ALPHA = 0.05;

const pctRange = (ci: [number, number]) => `[${formatPercent(ci[0], 1)}, ${formatPercent(ci[1], 1)}]`;
const ppRange = (ci: [number, number]) => `[${formatPp(ci[0])}, ${formatPp(ci[1])}]`;
const aucRange = (ci: [number, number]) => `[${formatFixed(ci[0], 3)}, ${formatFixed(ci[1], 3)}]`;
const aucDiff = (d: number) => `${d > 0 ? '+' : d < 0 ? '−' : ''}${Math.abs(d).toFixed(3)}`;
const aucDiffRange = (ci: [number, number]) => `[${aucDiff(ci[0])}, ${aucDiff(ci[1])}]`;

/** "test split, 531 images, epoch chosen on valid": where every number on the page comes from. */
export function splitPhrase(ts: TestSetAnalysis): string {
  return ts.split === 'test'
    ? `test split, ${ts.images} images, epoch chosen on valid`
    : `valid split, ${ts.images} images, which also chose the epoch (optimistic: there is no test split)`;
}

function who(v: VariantAnalysis): string {
  return v.label === v.model ? v.model : `${v.model} (${v.label})`;
}

/** What the interval is about: test-image uncertainty for one trained model, or seeds and images together. */
export function accIntervalPhrase(s: VariantTestSet): string {
  if (!s.accCi) return 'no interval';
  return s.seeds === 1
    ? `95% CI ${pctRange(s.accCi)} %, Wilson over the images: uncertainty of this trained model on this test set, not seed-to-seed variation`
    : `mean of ${s.seeds} seeds, 95% CI ${pctRange(s.accCi)} %, two-level bootstrap over seeds and images${sourcesPhrase(s)}`;
}

function sourcesPhrase(s: VariantTestSet): string {
  if (!s.sources) return '';
  const { seedSd, imageSd } = s.sources;
  const which = seedSd > imageSd ? 'seeds dominate' : 'the test images dominate';
  return `; ${which} (SD of the mean ${formatPp(seedSd).replace('+', '')} pp from seeds, ${formatPp(imageSd).replace('+', '')} pp from images)`;
}

export function isReal(c: TestSetComparison): boolean {
  return c.pAdjusted < ALPHA;
}

/**
 * The at-a-glance answer from the evaluation images: the best variant with its interval, the
 * ones that cannot be told apart from it (Holm-adjusted p >= 0.05), and the ones that are worse,
 * by how much. Null when there is nothing to compare.
 */
export function testSetHeadline(analysis: Analysis): string[] | null {
  const ts = analysis.testSet;
  if (!ts) return null;
  const best = ts.variants.find((s) => s.index === ts.bestIndex)!;
  const lines = [`Best by accuracy (${splitPhrase(ts)}): ${who(analysis.variants[best.index]!)}, ${formatPercent(best.acc)} % (${accIntervalPhrase(best)}).`];
  const tied = ts.accuracy.filter((c) => c.diff === 0).map((c) => who(analysis.variants[c.index]!));
  if (tied.length) lines[0] += ` Tied with ${tied.join(', ')}: "best" is only the first listed.`;
  const line = (c: TestSetComparison) => `${who(analysis.variants[c.index]!)} ${formatPp(c.diff)} pp ${ppRange(c.ci)} (adjusted p ${formatP(c.pAdjusted)})`;
  const same = ts.accuracy.filter((c) => !isReal(c)).sort((a, b) => b.diff - a.diff);
  const worse = ts.accuracy.filter(isReal).sort((a, b) => b.diff - a.diff);
  if (ts.accuracy.length === 0) lines.push('No other variant was scored on the same images: nothing to compare it with.');
  if (same.length) lines.push(`Not distinguishable from it on these images (Holm-adjusted p ≥ ${ALPHA}): ${same.map(line).join('; ')}.`);
  if (worse.length) lines.push(`Worse than it, beyond test-image noise (Holm-adjusted p < ${ALPHA}): ${worse.map(line).join('; ')}.`);
  if (ts.accuracy.length) {
    const method = ts.accuracy[0]!.method;
    lines.push(`Differences in percentage points with unadjusted 95% intervals (${method}); the verdicts use p-values Holm-adjusted over the ${analysis.holmFamily} comparisons on this page.`);
  }
  for (const e of ts.excluded) lines.push(`${who(analysis.variants[e.index]!)} is not in this comparison: ${e.reason}.`);
  return lines;
}

export const TEST_SET_COLUMNS: TableColumn[] = [
  { key: 'model', label: 'Model', numeric: false },
  { key: 'variant', label: 'Variant', numeric: false },
  { key: 'seeds', label: 'Seeds', numeric: true },
  { key: 'acc', label: 'Accuracy (%)', numeric: true, title: 'On the evaluation images (mean over seeds); 95% interval below: Wilson with one seed, two-level bootstrap with several' },
  { key: 'sources', label: 'SD from seeds / images (pp)', numeric: true, title: 'With several seeds: the standard deviation of the mean accuracy from the seeds alone (images fixed) and from the test images alone (seeds fixed); the larger one dominates the interval' },
  { key: 'acc_diff', label: 'Δ acc vs best (pp)', numeric: true },
  { key: 'acc_ci', label: '95% CI of Δ (pp)', numeric: true, title: "One seed each: Newcombe's paired score interval; several: two-level bootstrap. Below: the stratified image bootstrap (cross-check)" },
  { key: 'acc_p', label: 'p (Holm)', numeric: true, title: 'Holm-adjusted over every p-value on this page; raw p below. One seed each: exact McNemar; several: two-level bootstrap' },
  { key: 'discordant', label: 'Right only here / only best', numeric: true, title: "McNemar's discordant images (one seed each)" },
  { key: 'auc', label: 'ROC-AUC', numeric: true, title: 'Mean over seeds; 95% interval below: DeLong with one seed, two-level bootstrap with several' },
  { key: 'auc_diff', label: 'Δ AUC vs best', numeric: true },
  { key: 'auc_ci', label: '95% CI of Δ AUC', numeric: true, title: "One seed each: DeLong's paired test; several: two-level bootstrap" },
  { key: 'auc_p', label: 'p AUC (Holm)', numeric: true },
  { key: 'reading', label: 'Reading', numeric: false },
];

function pCell(c: TestSetComparison | undefined): [Cell, number | null] {
  if (!c) return [{ text: MISSING }, null];
  return [{ text: formatP(c.pAdjusted), sub: `raw ${formatP(c.p)}`, title: c.method }, c.pAdjusted];
}

function readingOf(acc: TestSetComparison | undefined, isBest: boolean): string {
  if (isBest) return 'best by accuracy';
  if (!acc) return 'not compared';
  return isReal(acc) ? 'worse than the best beyond test-image noise' : 'not distinguishable from the best on these images';
}

/** "Is the difference real?" from the evaluation images: one row per compared variant, best first. */
export function testSetTable(analysis: Analysis): TableView | null {
  const ts = analysis.testSet;
  if (!ts) return null;
  const rows = [...ts.variants].sort((a, b) => b.acc - a.acc).map((s): VariantRow => {
    const v = analysis.variants[s.index]!;
    const isBest = s.index === ts.bestIndex;
    const acc = ts.accuracy.find((c) => c.index === s.index);
    const auc = ts.auc.find((c) => c.index === s.index);
    const cells: [Cell, number | string | null][] = [
      [{ text: v.model }, v.model.toLowerCase()],
      [{ text: v.label }, v.label.toLowerCase()],
      [{ text: String(s.seeds) }, s.seeds],
      [{ text: formatPercent(s.acc), best: isBest, ...(s.accCi ? { sub: `${pctRange(s.accCi)} ${s.accMethod}` } : {}), title: accIntervalPhrase(s) }, s.acc],
      [s.sources ? { text: `${(s.sources.seedSd * 100).toFixed(2)} / ${(s.sources.imageSd * 100).toFixed(2)}`, sub: s.sources.seedSd > s.sources.imageSd ? 'seeds dominate' : 'images dominate' } : { text: MISSING, title: 'one seed: only the test images vary' }, s.sources ? s.sources.seedSd - s.sources.imageSd : null],
      [{ text: acc ? formatPp(acc.diff) : MISSING }, acc?.diff ?? null],
      [acc ? { text: ppRange(acc.ci), ...(acc.bootstrapCi ? { sub: `bootstrap ${ppRange(acc.bootstrapCi)}` } : {}), title: acc.method } : { text: MISSING }, acc?.ci[0] ?? null],
      pCell(acc),
      [{ text: acc?.discordant ? `${acc.discordant.onlyThis} / ${acc.discordant.onlyBest}` : MISSING }, acc?.discordant ? acc.discordant.onlyThis - acc.discordant.onlyBest : null],
      [{ text: s.auc === null ? MISSING : formatFixed(s.auc, 3), ...(s.aucCi ? { sub: `${aucRange(s.aucCi)} ${s.aucMethod}` } : {}) }, s.auc],
      [{ text: auc ? aucDiff(auc.diff) : MISSING }, auc?.diff ?? null],
      [auc ? { text: aucDiffRange(auc.ci), ...(auc.bootstrapCi ? { sub: `bootstrap ${aucDiffRange(auc.bootstrapCi)}` } : {}), title: auc.method } : { text: MISSING }, auc?.ci[0] ?? null],
      pCell(auc),
      [{ text: readingOf(acc, isBest) }, null],
    ];
    return { model: v.model, variant: v.variant, colour: variantColour(analysis, v), cells: cells.map((c) => c[0]), sortKeys: cells.map((c) => c[1]), failures: [] };
  });
  return {
    columns: TEST_SET_COLUMNS,
    rows,
    caption: `On the ${splitPhrase(ts)}. Each variant against the best by accuracy, paired over the same images. ` +
      'One seed each: exact McNemar test and Newcombe\'s paired interval for accuracy, DeLong\'s paired test for ROC-AUC, and the stratified ' +
      'bootstrap over test images (2,000 resamples) under each interval as a cross-check; these intervals are the uncertainty of these trained ' +
      'models on this test set, not seed-to-seed variation. Several seeds: the two-level bootstrap resamples seeds (per variant) and images ' +
      '(shared, so still paired) together. Intervals are unadjusted 95%; ' +
      `p-values are Holm-adjusted over all ${analysis.holmFamily} comparisons on this page (raw p below), and the reading uses the adjusted p.`,
  };
}
