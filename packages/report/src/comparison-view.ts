import type { Analysis } from './analysis.ts';
import { variantColour } from './palette.ts';
import type { VariantAnalysis } from './variant-analysis.ts';
import type { ComparisonRow } from './comparisons.ts';
import { MISSING, formatDuration, formatFixed, formatP, formatPercent, formatPp } from './format.ts';
import { testSetHeadline } from './test-set-view.ts';

export { formatP, formatPp };
import type { Cell, TableColumn, TableView, VariantRow } from './view-types.ts';

const ALPHA = 0.05;

const interval = (ci: [number, number]) => `[${formatPp(ci[0])}, ${formatPp(ci[1])}]`;

export function metricName(metric: 'test_acc' | 'best_val_acc'): string {
  return metric === 'test_acc' ? 'test accuracy' : 'best validation accuracy';
}

/** One-line reading of a comparison row, in words a reader can act on. */
export function reading(row: ComparisonRow): string {
  if (row.isBest) return 'best';
  if (row.noInterval) return `${row.noInterval} (the difference alone cannot show whether it is real)`;
  if (!row.test) return 'no interval';
  const what = row.pairing === 'paired' ? 'paired t-test' : "Welch's t-test (unpaired)";
  return row.pAdjusted! < ALPHA
    ? `lower than the best beyond seed-to-seed noise (${what}, Holm-adjusted p < ${ALPHA})`
    : `not distinguishable from the best at the ${ALPHA * 100}% level with ${Math.min(row.n, row.nBest)} seeds (${what})`;
}

function pairingCell(row: ComparisonRow): Cell {
  if (row.pairing === null) return { text: MISSING };
  return row.pairing === 'paired'
    ? { text: 'paired', title: 'Both ran the same seeds: differences are taken seed by seed' }
    : { text: 'unpaired', title: 'Seed sets differ: the runs cannot be matched, so the test treats them as independent samples' };
}

export const COMPARISON_COLUMNS = (metric: 'test_acc' | 'best_val_acc'): TableColumn[] => [
  { key: 'model', label: 'Model', numeric: false },
  { key: 'variant', label: 'Variant', numeric: false },
  { key: 'seeds', label: 'Seeds', numeric: true },
  { key: 'mean', label: `${metric === 'test_acc' ? 'Test acc' : 'Best val acc'} (%)`, numeric: true, title: 'Mean over seeds' },
  { key: 'diff', label: 'Δ vs best (pp)', numeric: true, title: 'This variant minus the best one, percentage points' },
  { key: 'ci', label: '95% CI of Δ (pp)', numeric: true, title: 'Student-t interval: paired over seeds when the seed sets match, Welch otherwise' },
  { key: 'p', label: 'p (Holm)', numeric: true, title: 'Two-sided p-value for "no difference", Holm-adjusted over every p-value on this page (raw p below)' },
  { key: 'bootstrap', label: 'Bootstrap 95% CI (pp)', numeric: true, title: 'Percentile bootstrap, 10 000 resamples, fixed seed; too narrow with few seeds' },
  { key: 'pairing', label: 'Pairing', numeric: false },
  { key: 'reading', label: 'Reading', numeric: false },
];

export function comparisonTable(analysis: Analysis): TableView | null {
  const cmp = analysis.comparisons;
  if (!cmp) return null;
  const rows = cmp.rows.map((row): VariantRow => {
    const v = analysis.variants[row.index]!;
    const cells: [Cell, number | string | null][] = [
      [{ text: v.model }, v.model.toLowerCase()],
      [{ text: v.label }, v.label.toLowerCase()],
      [{ text: String(row.n), ...(row.n === 1 ? { sub: '1 seed: no interval' } : {}) }, row.n],
      [{ text: formatPercent(row.mean), best: row.isBest }, row.mean],
      [{ text: row.isBest ? MISSING : formatPp(row.diff) }, row.isBest ? null : row.diff],
      [row.test ? { text: interval(row.test.ci), title: `t = ${formatFixed(row.test.t, 2)}, df = ${formatFixed(row.test.df, 1)}` } : { text: row.noInterval ?? MISSING }, row.test?.ci[0] ?? null],
      [row.test ? { text: formatP(row.pAdjusted!), sub: `raw ${formatP(row.test.p)}` } : { text: MISSING }, row.pAdjusted],
      [{ text: row.bootstrap ? interval(row.bootstrap) : MISSING }, row.bootstrap?.[0] ?? null],
      [pairingCell(row), row.pairing],
      [{ text: reading(row) }, null],
    ];
    return { model: v.model, variant: v.variant, colour: variantColour(analysis, v), cells: cells.map((c) => c[0]), sortKeys: cells.map((c) => c[1]), failures: [] };
  });
  return {
    columns: COMPARISON_COLUMNS(cmp.metric),
    rows,
    caption: `Across seeds: each variant against the best one by ${metricName(cmp.metric)}: ${cmp.reason}. Intervals cover seed-to-seed variation only ` +
      `(the test set is fixed; the test-image uncertainty is in the table above); p-values are Holm-adjusted over all ${analysis.holmFamily} comparisons on this page. With 3–5 seeds the bootstrap interval is too narrow ` +
      '(a resample can only recombine the few values seen); prefer the t interval.',
  };
}

function who(v: VariantAnalysis): string {
  return v.label === v.model ? v.model : `${v.model} (${v.label})`;
}

function comparisonLine(row: ComparisonRow, v: VariantAnalysis): string {
  if (row.noInterval) return `${who(v)}: ${formatPp(row.diff)} pp vs the best; ${row.noInterval}.`;
  if (!row.test) return `${who(v)}: ${formatPp(row.diff)} pp vs the best.`;
  const test = row.pairing === 'paired' ? 'paired t-test' : "Welch's t-test, unpaired";
  return `${who(v)}: ${formatPp(row.diff)} pp vs the best (95% CI ${interval(row.test.ci)} pp, ${test} Holm-adjusted p = ${formatP(row.pAdjusted!)}): ` +
    (row.pAdjusted! < ALPHA ? 'a real difference at the 5% level.' : 'not distinguishable from seed-to-seed noise at the 5% level.');
}

function costLine(analysis: Analysis, best: VariantAnalysis): string | null {
  const ok = analysis.variants.filter((v) => v.stats.train_time_s);
  if (ok.length === 0) return null;
  const fastest = ok.reduce((a, b) => (b.stats.train_time_s!.mean < a.stats.train_time_s!.mean ? b : a));
  // GPU memory where the run had a GPU: it is the footprint; live tensors are only part of it.
  const mem = (v: VariantAnalysis) => v.stats.gpu_memory_mb ? `${formatFixed(v.stats.gpu_memory_mb.mean, 0)} MiB peak GPU memory`
    : v.stats.peak_tensor_mb ? `${formatFixed(v.stats.peak_tensor_mb.mean, 0)} MB peak tensor memory` : 'peak memory not recorded';
  const time = (v: VariantAnalysis) => v.stats.train_time_s ? formatDuration(v.stats.train_time_s.mean) : MISSING;
  const bestCost = `Cost: the best trained in ${time(best)} with ${mem(best)}`;
  return fastest === best ? `${bestCost}, and it is also the fastest to train.` : `${bestCost}; the fastest, ${who(fastest)}, in ${time(fastest)} with ${mem(fastest)}.`;
}

/** The seed-level answer, used when no run stored per-image predictions. */
function seedHeadline(analysis: Analysis, cmp: NonNullable<Analysis['comparisons']>, maxComparisons: number): string[] {
  const best = analysis.variants[cmp.bestIndex]!;
  const stat = best.stats[cmp.metric]!;
  const spread = stat.ci ? `${stat.n} seeds, 95% CI [${formatPercent(stat.ci[0])}, ${formatPercent(stat.ci[1])}] %` : '1 seed: no interval';
  const lines = [`Best by ${metricName(cmp.metric)}: ${who(best)}, ${formatPercent(stat.mean)} % (${spread}).`];
  const others = cmp.rows.filter((r) => !r.isBest);
  const tied = others.filter((r) => r.diff === 0).map((r) => who(analysis.variants[r.index]!));
  if (tied.length) lines[0] += ` Tied with ${tied.join(', ')}: "best" is only the first listed.`;
  for (const row of others.slice(0, maxComparisons)) lines.push(comparisonLine(row, analysis.variants[row.index]!));
  if (others.length > maxComparisons) lines.push(`… and ${others.length - maxComparisons} more variant(s) in "Is the difference real?".`);
  return lines;
}

/** With several seeds: how many variants differ from the best beyond seed-to-seed noise. */
function seedSummaryLine(analysis: Analysis, cmp: NonNullable<Analysis['comparisons']>): string | null {
  const tested = cmp.rows.filter((r) => r.pAdjusted !== null);
  if (tested.length === 0) return null;
  const real = tested.filter((r) => r.pAdjusted! < ALPHA).map((r) => who(analysis.variants[r.index]!));
  return `Across seeds (t-tests on ${metricName(cmp.metric)}, Holm-adjusted): ${real.length} of ${tested.length} variant(s) differ from ` +
    `${who(analysis.variants[cmp.bestIndex]!)} beyond seed-to-seed noise${real.length ? ` (${real.join(', ')})` : ''}${untestedNote(cmp)}.`;
}

/** Variants with several seeds but no test: say so rather than drop them from the count silently. */
function untestedNote(cmp: NonNullable<Analysis['comparisons']>): string {
  const untested = cmp.rows.filter((r) => !r.isBest && r.pAdjusted === null && r.n >= 2 && r.nBest >= 2);
  return untested.length ? `; ${untested.length} not testable (${untested[0]!.noInterval})` : '';
}

/** The few sentences at the top of the page that answer "which is best, by how much, is it real, at what cost". */
export function headline(analysis: Analysis, maxComparisons = 3): string[] {
  const cmp = analysis.comparisons;
  if (!cmp) return ['No successful run yet: nothing to compare.'];
  const fromImages = testSetHeadline(analysis);
  const bestIndex = fromImages ? analysis.testSet!.bestIndex : cmp.bestIndex;
  const best = analysis.variants[bestIndex]!;
  const lines = fromImages ?? seedHeadline(analysis, cmp, maxComparisons);
  const seeds = fromImages ? seedSummaryLine(analysis, cmp) : null;
  if (seeds) lines.push(seeds);
  const cost = costLine(analysis, best);
  if (cost) lines.push(cost);
  const sens = best.stats.sensitivity;
  const spec = best.stats.specificity;
  const auc = best.stats.roc_auc;
  const own = analysis.testSet?.variants.find((s) => s.index === bestIndex);
  const ci = (x: { ci: [number, number] } | null | undefined) => (x ? ` [${formatPercent(x.ci[0], 1)}, ${formatPercent(x.ci[1], 1)}]` : '');
  if (analysis.clinicalSplit && sens && spec) {
    lines.push(`Screening (${analysis.clinicalSplit} split, positive class ${analysis.positiveClass}): the best has sensitivity ${formatPercent(sens.mean)} %${ci(own?.sensitivity)}, ` +
      `specificity ${formatPercent(spec.mean)} %${ci(own?.specificity)}${auc ? `, ROC-AUC ${formatFixed(auc.mean, 3)}${own?.aucCi ? ` [${formatFixed(own.aucCi[0], 3)}, ${formatFixed(own.aucCi[1], 3)}]` : ''}` : ''}` +
      `${own?.sensitivity ? ` (95% Wilson${own.aucCi ? ' / ' + own.aucMethod : ''} intervals${own.seeds > 1 ? ', the seeds\' counts pooled' : ''})` : ''}.`);
  }
  return lines;
}
