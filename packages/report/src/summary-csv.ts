import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { analyze, type Analysis } from './analysis.ts';
import { writeFileAtomic } from '@mambabench/durable';
import type { ComparisonRow } from './comparisons.ts';
import { adapterLabel } from './gpu-adapter.ts';
import { CLINICAL_METRICS, RUN_METRICS } from './metrics.ts';
import type { ExperimentResults } from './run-record.ts';
import type { VariantAnalysis } from './variant-analysis.ts';

export const SUMMARY_CSV = 'summary.csv';

// Every metric column group, in this order, whatever the experiment: scripts can rely on the
// header. Units are part of the names: _frac is a fraction in [0, 1] (as in results.csv),
// _mb MiB (gpu_memory_mb: webgpu's buffer manager, empty for CPU backends), _s seconds;
// roc_auc and kappa are unitless. ci_low/ci_high: Student-t 95% interval over seeds, clipped
// to the metric's possible range; empty with one seed. published_gpu_memory_gb is the paper's
// "GB" as printed.
const STAT_METRICS = [...RUN_METRICS, ...CLINICAL_METRICS];
const STAT_SUFFIXES = ['mean', 'std', 'ci_low', 'ci_high', 'n'] as const;

// images_*: uncertainty from the evaluation images (images_split, images_n of them): the
// accuracy's 95% interval (Wilson with one seed, two-level bootstrap over seeds and images with
// several), the AUC's (DeLong / two-level), and this variant minus the best on the same images
// (exact McNemar with Newcombe's interval, DeLong's paired test, or the two-level bootstrap);
// p_holm is Holm-adjusted over every p-value of the report page.
const TEST_IMAGE_COLUMNS = [
  'images_split', 'images_n', 'images_acc_frac', 'images_acc_ci_low_frac', 'images_acc_ci_high_frac', 'images_acc_ci_method',
  'images_auc', 'images_auc_ci_low', 'images_auc_ci_high',
  'images_vs_best_acc_diff_frac', 'images_vs_best_acc_ci_low_frac', 'images_vs_best_acc_ci_high_frac', 'images_vs_best_acc_p', 'images_vs_best_acc_p_holm',
  'images_vs_best_auc_diff', 'images_vs_best_auc_ci_low', 'images_vs_best_auc_ci_high', 'images_vs_best_auc_p', 'images_vs_best_auc_p_holm',
  'images_vs_best_method',
] as const;

export const SUMMARY_COLUMNS: readonly string[] = [
  'model', 'variant', 'setting', 'seeds', 'n_ok', 'n_failed', 'params_count', 'macs_per_image', 'scan_flops_per_image', 'gpu_adapter',
  'clinical_split', 'positive_class',
  ...STAT_METRICS.flatMap((m) => STAT_SUFFIXES.map((s) => `${m.csv}_${s}`)),
  'compared_on', 'vs_best_diff_frac', 'vs_best_ci_low_frac', 'vs_best_ci_high_frac', 'vs_best_p', 'vs_best_pairing',
  'vs_best_bootstrap_low_frac', 'vs_best_bootstrap_high_frac', 'vs_best_p_holm',
  ...TEST_IMAGE_COLUMNS,
  'published_acc_pct', 'published_gpu_memory_gb', 'published_train_time_h',
];

type Value = string | number | null;

/** One value when the seeds agree (they should: same architecture), else all of them, space-separated. */
function distinct(values: number[]): Value {
  if (values.length === 0) return null;
  return values.length === 1 ? values[0]! : values.join(' ');
}

/** The adapters the variant's runs used, "(software)" flagged; " | " between several; empty on CPU backends. */
function adapters(v: VariantAnalysis): Value {
  const labels = [...new Set(v.runs.flatMap((r) => (r.adapter ? [adapterLabel(r.adapter)] : [])))];
  return labels.length ? labels.join(' | ') : null;
}

function comparisonCells(row: ComparisonRow | undefined, metric: string | undefined): Value[] {
  if (!row) return [metric ?? null, null, null, null, null, null, null, null, null];
  return [
    metric ?? null, row.diff, row.test?.ci[0] ?? null, row.test?.ci[1] ?? null, row.test?.p ?? null,
    row.isBest ? 'best' : row.pairing, row.bootstrap?.[0] ?? null, row.bootstrap?.[1] ?? null, row.pAdjusted,
  ];
}

function testImageCells(index: number, analysis: Analysis): Value[] {
  const ts = analysis.testSet;
  const s = ts?.variants.find((x) => x.index === index);
  if (!ts || !s) return TEST_IMAGE_COLUMNS.map(() => null);
  const isBest = ts.bestIndex === index;
  const acc = ts.accuracy.find((c) => c.index === index);
  const auc = ts.auc.find((c) => c.index === index);
  const diff = (c: typeof acc): Value[] => (isBest ? [0, null, null, null, null] : c ? [c.diff, c.ci[0], c.ci[1], c.p, c.pAdjusted] : [null, null, null, null, null]);
  return [
    ts.split, s.images, s.acc, s.accCi?.[0] ?? null, s.accCi?.[1] ?? null, s.accMethod,
    s.auc, s.aucCi?.[0] ?? null, s.aucCi?.[1] ?? null,
    ...diff(acc), ...diff(auc),
    isBest ? 'best' : acc?.method ?? null,
  ];
}

function record(v: VariantAnalysis, index: number, analysis: Analysis): Value[] {
  const cmp = analysis.comparisons;
  const row = cmp?.rows.find((r) => r.index === index);
  const scanFlops = [...new Set(v.runs.map((r) => r.scan_flops).filter((x): x is number => typeof x === 'number'))];
  return [
    v.model, v.variant, v.setting, v.ok.map((r) => r.seed).join(' '), v.ok.length, v.failed.length,
    distinct(v.params), distinct(v.macs), distinct(scanFlops), adapters(v),
    v.confusion ? analysis.clinicalSplit : null, v.confusion ? analysis.positiveClass : null,
    ...STAT_METRICS.flatMap((m) => {
      const s = v.stats[m.key];
      return [s?.mean ?? null, s?.std ?? null, s?.ci?.[0] ?? null, s?.ci?.[1] ?? null, s?.n ?? 0];
    }),
    ...comparisonCells(row, cmp?.metric),
    ...testImageCells(index, analysis),
    v.published?.acc_pct ?? null, v.published?.memory_gb ?? null, v.published?.train_time_h ?? null,
  ];
}

/**
 * summary.csv text: one row per variant with mean/std/95% CI/n of every metric, full precision.
 * A compare report's rows start with their `experiment` (only there: a single experiment's header
 * stays SUMMARY_COLUMNS).
 */
export function summaryCsv(results: ExperimentResults, analysis: Analysis = analyze(results)): string {
  const compared = analysis.variants.some((v) => v.experiment !== '');
  const rows = analysis.variants.map((v, i) => (compared ? [v.experiment, ...record(v, i, analysis)] : record(v, i, analysis)));
  return stringify(rows, { header: true, columns: compared ? ['experiment', ...SUMMARY_COLUMNS] : [...SUMMARY_COLUMNS] });
}

export async function writeSummaryCsv(dir: string, results: ExperimentResults, analysis?: Analysis): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, SUMMARY_CSV);
  await writeFileAtomic(path, summaryCsv(results, analysis));
  return path;
}
