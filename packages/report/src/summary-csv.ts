import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { analyze, type Analysis, type VariantAnalysis } from './analysis.ts';
import { writeFileAtomic } from './atomic-write.ts';
import type { ComparisonRow } from './comparisons.ts';
import { adapterLabel } from './gpu-adapter.ts';
import { CLINICAL_METRICS, RUN_METRICS } from './metrics.ts';
import type { ExperimentResults } from './run-record.ts';

export const SUMMARY_CSV = 'summary.csv';

// Every metric column group, in this order, whatever the experiment: scripts can rely on the
// header. Units are part of the names: _frac is a fraction in [0, 1] (as in results.csv),
// _mb MiB (gpu_memory_mb: webgpu's buffer manager, empty for CPU backends), _s seconds;
// roc_auc and kappa are unitless. ci_low/ci_high: Student-t 95% interval over seeds, clipped
// to the metric's possible range; empty with one seed. published_gpu_memory_gb is the paper's
// "GB" as printed.
const STAT_METRICS = [...RUN_METRICS, ...CLINICAL_METRICS];
const STAT_SUFFIXES = ['mean', 'std', 'ci_low', 'ci_high', 'n'] as const;

export const SUMMARY_COLUMNS: readonly string[] = [
  'model', 'variant', 'setting', 'seeds', 'n_ok', 'n_failed', 'params_count', 'macs_per_image', 'scan_flops_per_image', 'gpu_adapter',
  'clinical_split', 'positive_class',
  ...STAT_METRICS.flatMap((m) => STAT_SUFFIXES.map((s) => `${m.csv}_${s}`)),
  'compared_on', 'vs_best_diff_frac', 'vs_best_ci_low_frac', 'vs_best_ci_high_frac', 'vs_best_p', 'vs_best_pairing',
  'vs_best_bootstrap_low_frac', 'vs_best_bootstrap_high_frac',
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
  if (!row) return [metric ?? null, null, null, null, null, null, null, null];
  return [
    metric ?? null, row.diff, row.test?.ci[0] ?? null, row.test?.ci[1] ?? null, row.test?.p ?? null,
    row.isBest ? 'best' : row.pairing, row.bootstrap?.[0] ?? null, row.bootstrap?.[1] ?? null,
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
    v.published?.acc_pct ?? null, v.published?.memory_gb ?? null, v.published?.train_time_h ?? null,
  ];
}

/** summary.csv text: one row per variant with mean/std/95% CI/n of every metric, full precision. */
export function summaryCsv(results: ExperimentResults, analysis: Analysis = analyze(results)): string {
  const rows = analysis.variants.map((v, i) => record(v, i, analysis));
  return stringify(rows, { header: true, columns: [...SUMMARY_COLUMNS] });
}

export async function writeSummaryCsv(dir: string, results: ExperimentResults, analysis?: Analysis): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, SUMMARY_CSV);
  await writeFileAtomic(path, summaryCsv(results, analysis));
  return path;
}
