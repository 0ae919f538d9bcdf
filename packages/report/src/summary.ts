import {
  MISSING, formatDuration, formatFixed, formatParams, formatPercent, formatStat, formatTimestamp,
} from './format.ts';
import type { ExperimentResults, RunRecord, RunRow } from './run-record.ts';
import { summarize, type Stat } from './stats.ts';

/**
 * The derived, pre-formatted view of the results that the page renders. It is computed here
 * (typed and unit-tested) and embedded next to the raw results, so the page's inline script
 * only has to turn it into DOM.
 */
export interface ReportSummary {
  title: string;
  /** Earliest run start to latest run finish, formatted. */
  period: string;
  datasets: DatasetSummary[];
  columns: TableColumn[];
  rows: VariantRow[];
  /** The same metrics per individual run (no averaging), for the "all runs" detail table. */
  runColumns: TableColumn[];
  runRows: RunTableRow[];
  /** Line colour of each run, index-aligned with results.runs (colour follows the variant). */
  runColours: string[];
  failures: FailedRun[];
}

export interface DatasetSummary {
  name: string;
  fingerprint: string;
  splits: string[];
  classes: string[];
  /** counts[split][class], aligned with splits/classes; null where the split lacks the class. */
  counts: (number | null)[][];
}

export interface TableColumn {
  key: string;
  label: string;
  numeric: boolean;
  title?: string;
}

export interface Cell {
  text: string;
  title?: string;
  /** Best value of an accuracy column (rendered bold). */
  best?: boolean;
}

export interface VariantRow {
  model: string;
  variant: string;
  colour: string;
  /** Aligned with ReportSummary.columns. */
  cells: Cell[];
  failures: FailedRun[];
}

export interface RunTableRow extends VariantRow {
  run_id: string;
}

export interface FailedRun {
  run_id: string;
  model: string;
  variant: string;
  seed: number;
  error: string;
}

// Tableau 10: distinguishable, colour-blind-friendlier than Chart.js defaults, prints well.
export const PALETTE = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f',
  '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
];

type Metric = 'best_val_acc' | 'test_acc' | 'best_epoch' | 'peak_tensor_mb' | 'peak_rss_mb'
  | 'train_time_s' | 'images_per_s';

interface MetricColumn extends TableColumn {
  key: Metric;
  fmt: (x: number) => string;
  /** Accuracy columns get their best (highest mean) value marked. */
  markBest: boolean;
}

const METRIC_COLUMNS: MetricColumn[] = [
  { key: 'best_val_acc', label: 'Best val acc (%)', numeric: true, markBest: true, fmt: (x) => formatPercent(x) },
  { key: 'test_acc', label: 'Test acc (%)', title: 'Test accuracy at the best-validation epoch', numeric: true, markBest: true, fmt: (x) => formatPercent(x) },
  { key: 'best_epoch', label: 'Best epoch', numeric: true, markBest: false, fmt: (x) => formatFixed(x, Number.isInteger(x) ? 0 : 1) },
  { key: 'peak_tensor_mb', label: 'Peak tensor (MB)', numeric: true, markBest: false, fmt: (x) => formatFixed(x, 0) },
  { key: 'peak_rss_mb', label: 'Peak RSS (MB)', numeric: true, markBest: false, fmt: (x) => formatFixed(x, 0) },
  { key: 'train_time_s', label: 'Train time', title: 'Seconds, or h:mm:ss', numeric: true, markBest: false, fmt: formatDuration },
  { key: 'images_per_s', label: 'Images/s', numeric: true, markBest: false, fmt: (x) => formatFixed(x, 1) },
];

export const TABLE_COLUMNS: TableColumn[] = [
  { key: 'model', label: 'Model', numeric: false },
  { key: 'variant', label: 'Variant', numeric: false },
  { key: 'params', label: 'Params', numeric: true },
  { key: 'seeds', label: 'Seeds', numeric: true, title: 'Successful seeds averaged (mean ± sample std)' },
  ...METRIC_COLUMNS.map(({ key, label, numeric, title }) => ({ key, label, numeric, ...(title ? { title } : {}) })),
  { key: 'status', label: 'Status', numeric: false },
];

// Per-run table: the run id, then the variant table with the seed itself instead of a seed count.
export const RUN_TABLE_COLUMNS: TableColumn[] = [
  { key: 'run_id', label: 'Run', numeric: false },
  ...TABLE_COLUMNS.map((c) => (c.key === 'seeds' ? { key: 'seed', label: 'Seed', numeric: true } : c)),
];

interface Group {
  model: string;
  variant: string;
  runs: RunRecord[];
}

/** Runs grouped by (model, variant) in order of first appearance, so the table follows the sweep order. */
function groupRuns(runs: readonly RunRecord[]): Group[] {
  const groups = new Map<string, Group>();
  for (const run of runs) {
    const key = JSON.stringify([run.model, run.variant]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { model: run.model, variant: run.variant, runs: [] }));
    g.runs.push(run);
  }
  return [...groups.values()];
}

function failureOf(run: RunRecord): FailedRun {
  return {
    run_id: run.run_id,
    model: run.model,
    variant: run.variant,
    seed: run.seed,
    error: run.error ?? 'failed (no error message recorded)',
  };
}

function statusText(ok: number, failed: number): string {
  if (failed === 0) return 'ok';
  if (ok === 0) return 'failed';
  return `${ok} ok, ${failed} failed`;
}

function paramsCell(runs: readonly RunRow[]): Cell {
  const distinct = [...new Set(runs.map((r) => r.params).filter((p) => Number.isFinite(p)))];
  if (distinct.length === 0) return { text: MISSING };
  // Seeds of one variant should share an architecture; if not, say so instead of hiding it.
  if (distinct.length > 1) return { text: distinct.map(formatParams).join(' / '), title: distinct.join(', ') };
  return { text: formatParams(distinct[0]!), title: `${distinct[0]!.toLocaleString('en-US')} parameters` };
}

function buildRow(group: Group, colour: string, stats: Map<Metric, Stat | null>, best: Map<Metric, number>): VariantRow {
  const okRuns = group.runs.filter((r) => r.status === 'ok');
  const failedRuns = group.runs.filter((r) => r.status !== 'ok');
  const seeds = okRuns.map((r) => r.seed);
  const cells: Cell[] = [
    { text: group.model },
    { text: group.variant },
    paramsCell(group.runs),
    { text: String(okRuns.length), title: seeds.length ? `seeds ${seeds.join(', ')}` : 'no successful seed' },
    ...METRIC_COLUMNS.map((col): Cell => {
      const stat = stats.get(col.key) ?? null;
      const cell: Cell = { text: formatStat(stat, col.fmt) };
      if (stat && stat.n > 1) cell.title = `mean ± sample std over ${stat.n} seeds`;
      if (col.markBest && stat && best.get(col.key) === stat.mean) cell.best = true;
      return cell;
    }),
    { text: statusText(okRuns.length, failedRuns.length) },
  ];
  return { model: group.model, variant: group.variant, colour, cells, failures: failedRuns.map(failureOf) };
}

function buildRunRow(run: RunRecord, colour: string): RunTableRow {
  const stats = new Map(METRIC_COLUMNS.map((c) => [c.key, summarize([run[c.key]])] as const));
  // A failed run's partial metrics are still shown here: they help diagnose the failure.
  const row = buildRow({ model: run.model, variant: run.variant, runs: [run] }, colour, stats, new Map());
  row.cells[TABLE_COLUMNS.findIndex((c) => c.key === 'seeds')] = { text: String(run.seed) };
  return { ...row, cells: [{ text: run.run_id }, ...row.cells], run_id: run.run_id };
}

function summarizeDatasets(runs: readonly RunRecord[]): DatasetSummary[] {
  const seen = new Map<string, DatasetSummary>();
  for (const { dataset } of runs) {
    const key = JSON.stringify([dataset.name, dataset.fingerprint]);
    if (seen.has(key)) continue;
    const splits = Object.keys(dataset.counts);
    const classes = [...new Set(splits.flatMap((s) => Object.keys(dataset.counts[s] ?? {})))];
    const counts = splits.map((s) => classes.map((c) => dataset.counts[s]?.[c] ?? null));
    seen.set(key, { name: dataset.name, fingerprint: dataset.fingerprint, splits, classes, counts });
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

export function buildSummary(results: ExperimentResults): ReportSummary {
  const groups = groupRuns(results.runs);
  const groupStats = groups.map((g) => {
    const ok = g.runs.filter((r) => r.status === 'ok');
    return new Map(METRIC_COLUMNS.map((c) => [c.key, summarize(ok.map((r) => r[c.key]))] as const));
  });
  // Best = highest mean across variants; exact comparison is fine since the same number is reused.
  const best = new Map<Metric, number>();
  for (const col of METRIC_COLUMNS.filter((c) => c.markBest)) {
    const means = groupStats.map((s) => s.get(col.key)?.mean).filter((m): m is number => m !== undefined);
    if (means.length) best.set(col.key, Math.max(...means));
  }
  const colours = groups.map((_, i) => PALETTE[i % PALETTE.length]!);
  const colourByRun = new Map<RunRecord, string>();
  groups.forEach((g, i) => g.runs.forEach((run) => colourByRun.set(run, colours[i]!)));
  const rows = groups.map((g, i) => buildRow(g, colours[i]!, groupStats[i]!, best));
  return {
    title: `${results.experiment.name} — mambabench report`,
    period: period(results.runs),
    datasets: summarizeDatasets(results.runs),
    columns: TABLE_COLUMNS,
    rows,
    runColumns: RUN_TABLE_COLUMNS,
    runRows: results.runs.map((run) => buildRunRow(run, colourByRun.get(run)!)),
    runColours: results.runs.map((run) => colourByRun.get(run)!),
    failures: results.runs.filter((r) => r.status !== 'ok').map(failureOf),
  };
}
