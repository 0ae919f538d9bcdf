import type { Analysis, VariantAnalysis } from './analysis.ts';
import type { ComparisonRow } from './comparisons.ts';
import { MISSING, formatDuration, formatFixed, formatPercent } from './format.ts';
import type { Cell, TableColumn, TableView, VariantRow } from './view-types.ts';

const ALPHA = 0.05;

/** A fraction difference in signed percentage points: "−2.33", "+0.25". */
export function formatPp(diff: number): string {
  const pp = diff * 100;
  if (Math.abs(pp) < 0.005) return '0.00';
  return `${pp > 0 ? '+' : '−'}${Math.abs(pp).toFixed(2)}`;
}

export function formatP(p: number): string {
  if (p < 0.001) return '< 0.001';
  return p.toFixed(3);
}

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
  return row.test.p < ALPHA
    ? `lower than the best beyond seed-to-seed noise (${what}, p < ${ALPHA})`
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
  { key: 'p', label: 'p', numeric: true, title: 'Two-sided p-value for "no difference" (no correction for multiple comparisons)' },
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
      [{ text: row.test ? formatP(row.test.p) : MISSING }, row.test?.p ?? null],
      [{ text: row.bootstrap ? interval(row.bootstrap) : MISSING }, row.bootstrap?.[0] ?? null],
      [pairingCell(row), row.pairing],
      [{ text: reading(row) }, null],
    ];
    return { model: v.model, variant: v.variant, colour: v.colour, cells: cells.map((c) => c[0]), sortKeys: cells.map((c) => c[1]), failures: [] };
  });
  return {
    columns: COMPARISON_COLUMNS(cmp.metric),
    rows,
    caption: `Each variant against the best one by ${metricName(cmp.metric)}: ${cmp.reason}. Intervals cover seed-to-seed variation only ` +
      '(the test set is fixed); p-values are not corrected for comparing several variants. With 3–5 seeds the bootstrap interval is too narrow ' +
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
  return `${who(v)}: ${formatPp(row.diff)} pp vs the best (95% CI ${interval(row.test.ci)} pp, ${test} p = ${formatP(row.test.p)}): ` +
    (row.test.p < ALPHA ? 'a real difference at the 5% level.' : 'not distinguishable from seed-to-seed noise at the 5% level.');
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

/** The few sentences at the top of the page that answer "which is best, by how much, is it real, at what cost". */
export function headline(analysis: Analysis, maxComparisons = 3): string[] {
  const cmp = analysis.comparisons;
  if (!cmp) return ['No successful run yet: nothing to compare.'];
  const best = analysis.variants[cmp.bestIndex]!;
  const stat = best.stats[cmp.metric]!;
  const spread = stat.ci ? `${stat.n} seeds, 95% CI [${formatPercent(stat.ci[0])}, ${formatPercent(stat.ci[1])}] %` : '1 seed: no interval';
  const lines = [`Best by ${metricName(cmp.metric)}: ${who(best)}, ${formatPercent(stat.mean)} % (${spread}).`];
  const others = cmp.rows.filter((r) => !r.isBest);
  const tied = others.filter((r) => r.diff === 0).map((r) => who(analysis.variants[r.index]!));
  if (tied.length) lines[0] += ` Tied with ${tied.join(', ')}: "best" is only the first listed.`;
  for (const row of others.slice(0, maxComparisons)) lines.push(comparisonLine(row, analysis.variants[row.index]!));
  if (others.length > maxComparisons) lines.push(`… and ${others.length - maxComparisons} more variant(s) in "Is the difference real?".`);
  const cost = costLine(analysis, best);
  if (cost) lines.push(cost);
  const sens = best.stats.sensitivity;
  const spec = best.stats.specificity;
  const auc = best.stats.roc_auc;
  if (analysis.clinicalSplit && sens && spec) {
    lines.push(`Screening (${analysis.clinicalSplit} split, positive class ${analysis.positiveClass}): the best has sensitivity ${formatPercent(sens.mean)} %, ` +
      `specificity ${formatPercent(spec.mean)} %${auc ? `, ROC-AUC ${formatFixed(auc.mean, 3)}` : ''}.`);
  }
  return lines;
}
