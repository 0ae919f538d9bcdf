import { analyze, type Analysis } from './analysis.ts';
import type { ChartSpec } from './chart-spec.ts';
import { chartSpecs } from './chart-specs.ts';
import { comparisonTable, headline, metricName } from './comparison-view.ts';
import { testSetTable } from './test-set-view.ts';
import { environmentView, type EnvironmentView } from './environment-view.ts';
import { formatTimestamp } from './format.ts';
import { gpuMemoryNote } from './gpu-memory-note.ts';
import { runColours, variantColour } from './palette.ts';
import { PUBLISHED_CAVEAT } from './published.ts';
import type { ExperimentResults, RunRecord } from './run-record.ts';
import {
  CLINICAL_COLUMNS, RUN_TABLE_COLUMNS, TABLE_COLUMNS, clinicalRow, failureOf, mainColumns, mainRow, runRow,
} from './variant-table.ts';
import type { FailedRun, RunTableRow, TableColumn, TableView, VariantRow } from './view-types.ts';

export { RUN_TABLE_COLUMNS, TABLE_COLUMNS };
export type { Cell, FailedRun, RunTableRow, TableColumn, TableView, VariantRow } from './view-types.ts';

/**
 * The derived, pre-formatted view of the results that the page renders. It is computed here
 * (typed and unit-tested) and embedded next to the raw results, so the page's inline script
 * only has to turn it into DOM.
 */
export interface ReportSummary {
  title: string;
  /** Earliest run start to latest run finish, formatted. */
  period: string;
  /** Sentences answering: which is best, by how much, is it real, at what cost. */
  headline: string[];
  datasets: DatasetSummary[];
  /** The published-style table: one row per variant. */
  columns: TableColumn[];
  rows: VariantRow[];
  mainCaption: string;
  /** Shown under the main table (e.g. how the published figures were obtained). */
  notes: string[];
  /** Seed-level comparisons (t-tests over seeds); null when there is nothing to say beyond the test-set table. */
  comparison: TableView | null;
  /** Test-image comparisons: intervals per variant and paired tests against the best. */
  testSet: TableView | null;
  clinical: ClinicalView;
  /** The same metrics per individual run (no averaging), for the "all runs" detail table. */
  runColumns: TableColumn[];
  runRows: RunTableRow[];
  /** Line colour of each run, index-aligned with results.runs (colour follows the variant). */
  runColours: string[];
  failures: FailedRun[];
  environment: EnvironmentView;
  charts: { clinical: ChartSpec[]; cost: ChartSpec[]; training: ChartSpec[] };
}

export interface DatasetSummary {
  name: string;
  fingerprint: string;
  splits: string[];
  classes: string[];
  /** counts[split][class], aligned with splits/classes; null where the split lacks the class. */
  counts: (number | null)[][];
  notes: string[];
  skipped: { path: string; reason: string }[];
}

export interface ConfusionView {
  label: string;
  model: string;
  colour: string;
  classes: string[];
  /** counts[true][predicted], summed over seeds. */
  counts: number[][];
  seeds: number;
}

export interface ClinicalView {
  split: 'test' | 'valid' | null;
  positiveClass: string | null;
  /** Says which split and class, and why. */
  note: string;
  table: TableView | null;
  confusion: ConfusionView[];
}

function summarizeDatasets(runs: readonly RunRecord[]): DatasetSummary[] {
  const seen = new Map<string, DatasetSummary>();
  for (const { dataset } of runs) {
    // A crashed run's record has an empty dataset entry: nothing to show.
    if (!dataset || (!dataset.name && !dataset.fingerprint && Object.keys(dataset.counts ?? {}).length === 0)) continue;
    const key = JSON.stringify([dataset.name, dataset.fingerprint]);
    if (seen.has(key)) continue;
    const splits = Object.keys(dataset.counts);
    const classes = [...new Set(splits.flatMap((s) => Object.keys(dataset.counts[s] ?? {})))];
    const counts = splits.map((s) => classes.map((c) => dataset.counts[s]?.[c] ?? null));
    seen.set(key, { name: dataset.name, fingerprint: dataset.fingerprint, splits, classes, counts, notes: dataset.notes ?? [], skipped: dataset.skipped ?? [] });
  }
  return [...seen.values()];
}

function period(runs: readonly RunRecord[]): string {
  const times = (pick: (r: RunRecord) => string) =>
    runs.map(pick).filter((t) => !Number.isNaN(Date.parse(t))).sort((a, b) => Date.parse(a) - Date.parse(b));
  const starts = times((r) => r.started_at);
  const ends = times((r) => r.finished_at);
  if (starts.length === 0 && ends.length === 0) return 'no runs yet';
  const first = starts[0] ?? ends[0]!;
  const last = ends[ends.length - 1] ?? starts[starts.length - 1]!;
  return `${formatTimestamp(first)} → ${formatTimestamp(last)}`;
}

function clinicalView(analysis: Analysis): ClinicalView {
  const { clinicalSplit: split, positiveClass } = analysis;
  if (!split) {
    return { split, positiveClass, note: 'No run stored per-example predictions, so there are no clinical metrics, ROC curves or confusion matrices.', table: null, confusion: [] };
  }
  const classes = analysis.classNames ?? analysis.variants.find((v) => v.confusion)?.confusion!.map((_, i) => String(i)) ?? [];
  const note = `On the ${split} split${split === 'valid' ? ' (not every run has a test split; the validation split also picked the epoch, so these are optimistic)' : ''}; ` +
    `positive class: ${positiveClass}${analysis.classNames?.includes('DR') ? '' : ' (no class named "DR": class 0 is taken as positive)'}. Predicted class = highest probability.`;
  const withPreds = analysis.variants.filter((v) => v.confusion);
  return {
    split,
    positiveClass,
    note,
    table: {
      columns: CLINICAL_COLUMNS,
      rows: withPreds.map((v) => clinicalRow(v, variantColour(analysis, v), analysis)),
      caption: 'Mean ± sample std over seeds, 95% Student-t interval below (clipped to the possible range); best per column in bold.',
    },
    confusion: withPreds.map((v) => ({
      label: v.label, model: v.model, colour: variantColour(analysis, v), classes, counts: v.confusion!,
      seeds: v.stats.sensitivity?.n ?? v.stats.roc_auc?.n ?? v.ok.length,
    })),
  };
}

/** `analysis` may be passed in when the caller already has it (writeReport shares one between files). */
export function buildSummary(results: ExperimentResults, analysis: Analysis = analyze(results)): ReportSummary {
  const published = analysis.publishedComparison;
  const metric = analysis.comparisons?.metric;
  const labelOf = new Map(analysis.variants.flatMap((v) => v.runs.map((r) => [r, v.label] as const)));
  const colourOfRun = runColours(analysis, results.runs);
  return {
    title: `${results.experiment.name} — mambabench report`,
    period: period(results.runs),
    headline: headline(analysis),
    datasets: summarizeDatasets(results.runs),
    columns: mainColumns(published),
    rows: analysis.variants.map((v) => mainRow(v, variantColour(analysis, v), analysis, published)),
    mainCaption: 'One row per variant. With several seeds: mean ± sample standard deviation over the successful seeds, and the 95% Student-t ' +
      'confidence interval below it (clipped to the possible range; 1 seed: no interval over seeds). Test accuracy is taken at the best-validation epoch; below it, its 95% interval from the test images ' +
      '(Wilson with one seed, two-level bootstrap over seeds and images with several). Best value per column in bold ' +
      '(highest accuracy and throughput, lowest memory, time, parameters and MACs).' +
      (metric ? ` Variants are compared on ${metricName(metric)}.` : ''),
    notes: [...(results.compare?.notes ?? []), published ? PUBLISHED_CAVEAT : null, gpuMemoryNote(results.runs)].filter((n): n is string => n !== null),
    // With one seed everywhere the seed-level table only says "no interval"; the test-set table answers.
    comparison: analysis.testSet && !analysis.comparisons?.rows.some((r) => r.test) ? null : comparisonTable(analysis),
    testSet: testSetTable(analysis),
    clinical: clinicalView(analysis),
    runColumns: RUN_TABLE_COLUMNS,
    runRows: results.runs.map((run, i) => runRow(run, analysis.runClinical[i] ?? null, colourOfRun[i]!, labelOf.get(run)!)),
    runColours: colourOfRun,
    failures: results.runs.filter((r) => r.status !== 'ok').map(failureOf),
    environment: environmentView(results),
    charts: chartSpecs(analysis),
  };
}
