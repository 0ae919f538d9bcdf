import { compareToBest, type Comparisons } from './comparisons.ts';
import { ALL_METRICS, type MetricDef, type MetricKey } from './metrics.ts';
import { publishedFor, wantsPublishedComparison } from './published.ts';
import { clinicalSplit, positiveClassIndex, runClinical, type EvalSplit, type RunClinical } from './run-clinical.ts';
import type { ExperimentResults, RunRecord } from './run-record.ts';
import { rocCurve, thinRoc, type RocPoint } from './roc.ts';
import { summarize, tInterval } from './stats.ts';
import { holmAdjust } from './test-set/holm.ts';
import { testSetAnalysis, type TestSetAnalysis } from './test-set/analysis.ts';
import type { MetricStat, VariantAnalysis } from './variant-analysis.ts';

export interface Analysis {
  variants: VariantAnalysis[];
  /** Clinical metrics per run, index-aligned with results.runs. */
  runClinical: (RunClinical | null)[];
  clinicalSplit: EvalSplit | null;
  classNames: string[] | null;
  positiveClass: string | null;
  /** Best mean per metric in its better direction (metrics without a direction are absent). */
  best: Partial<Record<MetricKey, number>>;
  publishedComparison: boolean;
  comparisons: Comparisons | null;
  /** Uncertainty from the evaluation images (intervals per variant, paired tests against the best). */
  testSet: TestSetAnalysis | null;
  /** How many p-values on the page Holm's adjustment covers (image-level and seed-level together). */
  holmFamily: number;
}

function overridesOf(run: RunRecord): Record<string, unknown> {
  const o = run.hyperparameters?.overrides;
  return typeof o === 'object' && o !== null ? (o as Record<string, unknown>) : {};
}

/** "lr=0.001, batch_size=64": the grid cell, with dotted paths shortened to their last key. */
export function settingOf(run: RunRecord): string {
  return Object.entries(overridesOf(run)).map(([k, v]) => `${k.split('.').pop()}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ');
}

function metricValue(run: RunRecord, clinical: RunClinical | null, key: MetricKey): number | null | undefined {
  switch (key) {
    case 'sensitivity': case 'specificity': case 'precision': case 'f1': case 'roc_auc': case 'kappa':
      return clinical?.[key];
    default:
      return run[key];
  }
}

function clip(ci: [number, number] | null, [lo, hi]: [number, number]): [number, number] | null {
  return ci && [Math.max(lo, ci[0]), Math.min(hi, ci[1])];
}

function metricStat(runs: readonly RunRecord[], clinical: (RunClinical | null)[], m: MetricDef): MetricStat | null {
  const key = m.key;
  const values: number[] = [];
  const seeds: number[] = [];
  runs.forEach((run, i) => {
    const v = metricValue(run, clinical[i] ?? null, key);
    if (typeof v === 'number' && Number.isFinite(v)) {
      values.push(v);
      seeds.push(run.seed);
    }
  });
  const stat = summarize(values);
  return stat && { ...stat, ci: clip(tInterval(stat), m.range), values, seeds };
}

function sumMatrices(ms: readonly number[][][]): number[][] | null {
  if (ms.length === 0 || ms.some((m) => m.length !== ms[0]!.length)) return null;
  return ms[0]!.map((row, i) => row.map((_, j) => ms.reduce((s, m) => s + m[i]![j]!, 0)));
}

function pooledRoc(clinical: readonly RunClinical[]): RocPoint[] | null {
  if (clinical.length === 0) return null;
  const roc = rocCurve(clinical.flatMap((c) => c.scores), clinical.flatMap((c) => c.isPositive));
  return roc && thinRoc(roc);
}

/** Everything numeric the report shows, computed once; summary, CSV, Markdown and charts format it. */
export function analyze(results: ExperimentResults): Analysis {
  const split = clinicalSplit(results.runs);
  const clinicalByRun = results.runs.map((r) => (split && r.status === 'ok' ? runClinical(r, split) : null));
  const clinicalOf = new Map(results.runs.map((r, i) => [r, clinicalByRun[i]!] as const));
  const publishedComparison = wantsPublishedComparison(results.experiment, results.runs.find((r) => r.class_names?.length)?.class_names ?? null);

  const groups = new Map<string, RunRecord[]>();
  for (const run of results.runs) {
    // Keyed by variant, not family: the runner's record of a crashed run has no family name
    // (model ''), and it must still land in its variant's row. Variant names are unique.
    // A compare report also keeps each experiment's runs apart (run.experiment is set only there).
    const key = JSON.stringify([run.variant, settingOf(run), run.experiment ?? '']);
    const g = groups.get(key);
    if (g) g.push(run);
    else groups.set(key, [run]);
  }
  const variants = [...groups.values()].map((runs): VariantAnalysis => {
    const first = runs[0]!;
    const model = runs.find((r) => r.model)?.model ?? '';
    const ok = runs.filter((r) => r.status === 'ok');
    const okClinical = ok.map((r) => clinicalOf.get(r) ?? null);
    const stats = Object.fromEntries(ALL_METRICS.map((m) => [m.key, metricStat(ok, okClinical, m)])) as Record<MetricKey, MetricStat | null>;
    const present = okClinical.filter((c): c is RunClinical => c !== null);
    // Counts from successful runs when there are any; a crashed run's record carries 0 ("unknown").
    const distinct = (pick: (r: RunRecord) => number | undefined) =>
      [...new Set((ok.length ? ok : runs).map(pick).filter((x): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0))];
    const setting = settingOf(first);
    const experiment = first.experiment ?? '';
    const label = setting ? `${first.variant} [${setting}]` : first.variant;
    return {
      model,
      variant: first.variant,
      setting,
      experiment,
      label: experiment ? `${label} (${experiment})` : label,
      runs,
      ok,
      failed: runs.filter((r) => r.status !== 'ok'),
      stats,
      params: distinct((r) => r.params),
      macs: distinct((r) => r.macs),
      confusion: sumMatrices(present.map((c) => c.confusion)),
      roc: pooledRoc(present),
      published: publishedComparison ? publishedFor(model) : null,
    };
  });

  const best: Partial<Record<MetricKey, number>> = {};
  for (const m of ALL_METRICS) {
    if (!m.better) continue;
    const means = variants.map((v) => v.stats[m.key]?.mean).filter((x): x is number => x !== undefined);
    if (means.length) best[m.key] = m.better === 'higher' ? Math.max(...means) : Math.min(...means);
  }
  const classNames = results.runs.find((r) => r.class_names?.length)?.class_names ?? null;
  const comparisons = compareToBest(variants);
  const testSet = split ? testSetAnalysis(variants, split) : null;
  const holmFamily = adjustAcrossPage(comparisons, testSet);
  return {
    variants,
    runClinical: clinicalByRun,
    clinicalSplit: split,
    classNames,
    positiveClass: classNames ? classNames[positiveClassIndex(classNames)]! : split ? 'class 0' : null,
    best,
    publishedComparison,
    comparisons,
    testSet,
    holmFamily,
  };
}

/**
 * Holm's adjustment over every p-value the page shows (image-level accuracy and AUC tests and
 * the seed-level t-tests against the best), written back into each comparison. Returns the
 * family size.
 */
function adjustAcrossPage(comparisons: Comparisons | null, testSet: TestSetAnalysis | null): number {
  const seedRows = comparisons?.rows.filter((r) => r.test) ?? [];
  const imageRows = testSet ? [...testSet.accuracy, ...testSet.auc] : [];
  const adjusted = holmAdjust([...seedRows.map((r) => r.test!.p), ...imageRows.map((r) => r.p)]);
  seedRows.forEach((r, i) => { r.pAdjusted = adjusted[i]!; });
  imageRows.forEach((r, i) => { r.pAdjusted = adjusted[seedRows.length + i]!; });
  return adjusted.length;
}
