import type { Analysis } from './analysis.ts';
import { MISSING, formatMacs, formatParams, formatStat } from './format.ts';
import { adapterDetails, adapterLabel, onWebGpu } from './gpu-adapter.ts';
import { CLINICAL_METRICS, RUN_METRICS, type MetricDef, type MetricKey } from './metrics.ts';
import type { RunClinical } from './run-clinical.ts';
import type { RunRecord } from './run-record.ts';
import { runEndedLine, runStatusText, runStatusWord } from './run-status.ts';
import type { MetricStat, VariantAnalysis } from './variant-analysis.ts';
import type { Cell, FailedRun, RunTableRow, TableColumn, VariantRow } from './view-types.ts';

const col = (m: MetricDef): TableColumn => ({ key: m.key, label: m.label, numeric: true, ...(m.title ? { title: m.title } : {}) });

/** The main (published-style) table, without the published columns. */
export const TABLE_COLUMNS: TableColumn[] = [
  { key: 'model', label: 'Model', numeric: false },
  { key: 'variant', label: 'Variant', numeric: false },
  { key: 'params', label: 'Params', numeric: true },
  { key: 'macs', label: 'MACs', numeric: true, title: 'Multiply-accumulates of one forward pass of one image' },
  { key: 'seeds', label: 'Seeds', numeric: true, title: 'Successful seeds averaged (mean ± sample std; 95% Student-t interval below)' },
  ...RUN_METRICS.map(col),
  { key: 'status', label: 'Status', numeric: false },
];

/** Shown only for experiments that replicate the paper, each after the metric it matches. */
const PUBLISHED_COLUMNS: Record<string, TableColumn[]> = {
  test_acc: [
    { key: 'published_acc', label: 'Published acc (%)', numeric: true, title: 'Published "best val acc": 224 px, 300 epochs, the best of 300 test evaluations (epoch chosen on test)' },
    { key: 'published_acc_delta', label: 'Ours − published (pp)', numeric: true, title: 'Our mean test accuracy (epoch chosen on valid; best val acc where there is no test split) minus the published figure, percentage points' },
  ],
  // Beside our GPU memory, not the tensor peak: the paper measured a GPU. Its "GB" is shown as
  // printed, with MiB (our unit) under it.
  gpu_memory_mb: [{
    key: 'published_memory', label: 'Published GPU memory', numeric: true,
    title: 'As published, in GB; below it in MiB like our GPU memory column, reading GB as GiB (1 GB = 1,024 MiB)',
  }],
  train_time_s: [{ key: 'published_time', label: 'Published train time', numeric: true }],
};

export function mainColumns(published: boolean): TableColumn[] {
  if (!published) return TABLE_COLUMNS;
  return TABLE_COLUMNS.flatMap((c) => [c, ...(PUBLISHED_COLUMNS[c.key] ?? [])]);
}

const ADAPTER_COLUMN: TableColumn = {
  key: 'adapter', label: 'GPU adapter', numeric: false, title: 'The GPU adapter of a webgpu run ("software": no real GPU); — on CPU backends',
};

export const CLINICAL_COLUMNS: TableColumn[] = [
  { key: 'model', label: 'Model', numeric: false },
  { key: 'variant', label: 'Variant', numeric: false },
  { key: 'seeds', label: 'Seeds', numeric: true, title: 'Successful seeds with predictions' },
  ...CLINICAL_METRICS.map(col),
];

/** Per-run table: the run id, the main columns with the seed itself, then the clinical metrics. */
export const RUN_TABLE_COLUMNS: TableColumn[] = [
  { key: 'run_id', label: 'Run', numeric: false },
  ...TABLE_COLUMNS.flatMap((c) => (c.key === 'seeds' ? [{ key: 'seed', label: 'Seed', numeric: true }, ADAPTER_COLUMN] : [c])),
  ...CLINICAL_METRICS.map(col),
];

export function failureOf(run: RunRecord): FailedRun {
  return {
    run_id: run.run_id,
    model: run.model,
    variant: run.variant,
    seed: run.seed,
    // Why it ended, in words, unless it plainly failed with its error.
    error: run.status === 'failed' ? run.error ?? 'failed (no error message recorded)' : runEndedLine(run),
  };
}

/** "ok", "failed", "out of memory", or the mix: "2 ok, 1 diverged". */
function statusText(ok: number, notOk: readonly RunRecord[]): string {
  if (notOk.length === 0) return 'ok';
  const counts = new Map<string, number>();
  for (const r of notOk) counts.set(runStatusWord(r.status), (counts.get(runStatusWord(r.status)) ?? 0) + 1);
  if (ok === 0 && counts.size === 1) return [...counts.keys()][0]!;
  return [...(ok ? [`${ok} ok`] : []), ...[...counts].map(([word, n]) => `${n} ${word}`)].join(', ');
}

/** Seeds of one variant should share an architecture; if not, show every count instead of hiding it. */
function countCell(values: number[], fmt: (x: number) => string, noun: string): Cell {
  if (values.length === 0) return { text: MISSING };
  if (values.length > 1) return { text: values.map(fmt).join(' / '), title: values.join(', ') };
  return { text: fmt(values[0]!), title: `${values[0]!.toLocaleString('en-US')} ${noun}` };
}

function metricCell(m: MetricDef, stat: MetricStat | null, best: number | undefined, seeds: number): Cell {
  const cell: Cell = { text: formatStat(stat, m.fmt) };
  // A metric can be undefined for some seeds (precision when nothing is predicted positive):
  // then it averages fewer seeds than the row, which the reader must see.
  const partial = stat && stat.n < seeds ? `${stat.n} of ${seeds} seeds (undefined for the others)` : '';
  if (stat && stat.n > 1) {
    const ci = stat.ci ? `95% CI [${m.fmt(stat.ci[0])}, ${m.fmt(stat.ci[1])}]` : '';
    cell.title = `mean ± sample std over ${stat.n} seeds${ci ? `; ${ci}` : ''}`;
    if (stat.ci) cell.sub = `[${m.fmt(stat.ci[0])}, ${m.fmt(stat.ci[1])}]`;
  } else if (stat) {
    cell.title = '1 seed: no interval over seeds';
  }
  if (partial) {
    cell.sub = cell.sub ? `${cell.sub} · ${partial}` : partial;
    cell.title = `${cell.title}; ${partial}`;
  }
  if (m.better && stat && best === stat.mean) cell.best = true;
  return cell;
}

function seedsCell(v: VariantAnalysis, n: number): Cell {
  const seeds = v.ok.map((r) => r.seed);
  const cell: Cell = { text: String(n), title: seeds.length ? `seeds ${seeds.join(', ')}` : 'no successful seed' };
  if (n === 1) cell.sub = '1 seed: no interval over seeds';
  return cell;
}

function publishedCells(v: VariantAnalysis, key: string): [Cell, number | null][] {
  const p = v.published;
  const acc = v.stats.test_acc ?? v.stats.best_val_acc;
  switch (key) {
    case 'test_acc': {
      const delta = p && acc ? acc.mean * 100 - p.acc_pct : null;
      return [
        [p ? { text: p.acc_pct.toFixed(2), sub: '224 px · 300 ep · chosen on test' } : { text: MISSING, title: 'no published figure for this family' }, p?.acc_pct ?? null],
        [{ text: delta === null ? MISSING : `${delta >= 0 ? '+' : '−'}${Math.abs(delta).toFixed(2)}` }, delta],
      ];
    }
    case 'gpu_memory_mb':
      return [[p ? { text: p.memory_text, sub: `≈ ${(p.memory_gb * 1024).toLocaleString('en-US')} MiB` } : { text: MISSING }, p ? p.memory_gb * 1024 : null]];
    case 'train_time_s':
      return [[{ text: p?.time_text ?? MISSING }, p ? p.train_time_h * 3600 : null]];
    default:
      return [];
  }
}

function bestOf(analysis: Analysis | null, key: MetricKey): number | undefined {
  return analysis?.best[key];
}

/**
 * A row of the main table. `analysis` null means "no best marking" (the per-run table, where
 * the best single run is not the claim being made).
 */
export function mainRow(v: VariantAnalysis, colour: string, analysis: Analysis | null, published: boolean): VariantRow {
  const cells: [Cell, number | string | null][] = [
    [{ text: v.model }, v.model.toLowerCase()],
    [{ text: v.label }, v.label.toLowerCase()],
    [withBest(countCell(v.params, formatParams, 'parameters'), v, v.params, bestOf(analysis, 'params')), v.params[0] ?? null],
    [withBest(countCell(v.macs, formatMacs, 'multiply-accumulates per image'), v, v.macs, bestOf(analysis, 'macs')), v.macs[0] ?? null],
    [seedsCell(v, v.ok.length), v.ok.length],
  ];
  for (const m of RUN_METRICS) {
    const stat = v.stats[m.key];
    const cell = metricCell(m, stat, bestOf(analysis, m.key), v.ok.length);
    if (m.key === 'gpu_memory_mb' && !stat) cell.title = noGpuMemoryWhy(v.ok);
    if (m.key === 'test_acc') withTestImageInterval(cell, v, analysis);
    cells.push([cell, stat?.mean ?? null]);
    if (published) cells.push(...publishedCells(v, m.key));
  }
  cells.push([{ text: statusText(v.ok.length, v.failed) }, v.failed.length]);
  return {
    model: v.model,
    variant: v.variant,
    colour,
    cells: cells.map((c) => c[0]),
    sortKeys: cells.map((c) => c[1]),
    failures: v.failed.map(failureOf),
  };
}

/**
 * The test accuracy's interval from the test images (Wilson with one seed, the two-level
 * bootstrap over seeds and images with several), which exists even for a single seed.
 */
function withTestImageInterval(cell: Cell, v: VariantAnalysis, analysis: Analysis | null): void {
  const ts = analysis?.testSet;
  if (!ts || ts.split !== 'test') return;
  const s = ts.variants.find((x) => analysis!.variants[x.index] === v);
  if (!s?.accCi) return;
  cell.sub = `[${(s.accCi[0] * 100).toFixed(1)}, ${(s.accCi[1] * 100).toFixed(1)}] ${s.accMethod}`;
  cell.title = `${cell.title ? `${cell.title}; ` : ''}95% interval from the ${ts.images} test images: ${s.accMethod}` +
    (s.seeds === 1 ? ' (uncertainty of this trained model on this test set, not seed-to-seed variation)' : ' over seeds and images');
}

/** Why a GPU memory cell is empty: not a webgpu run (then Peak tensor is the figure), or no successful run. */
function noGpuMemoryWhy(runs: readonly RunRecord[]): string {
  if (runs.length === 0) return 'no successful run';
  const backends = [...new Set(runs.map((r) => r.backend))].join(', ');
  return runs.some(onWebGpu) ? 'not recorded' : `backend ${backends}: GPU memory is measured on webgpu only; Peak tensor is the memory figure`;
}

function adapterCell(run: RunRecord): Cell {
  if (!run.adapter) return { text: MISSING, title: `${run.backend}: no GPU adapter` };
  return { text: adapterLabel(run.adapter), title: adapterDetails(run.adapter).map(([k, v]) => `${k}: ${v}`).join('\n') };
}

function withBest(cell: Cell, v: VariantAnalysis, values: number[], best: number | undefined): Cell {
  // Only variants that produced a result compete: a failed one's parameter count is no achievement.
  if (v.ok.length > 0 && values.length === 1 && best === values[0]) cell.best = true;
  return cell;
}

export function clinicalRow(v: VariantAnalysis, colour: string, analysis: Analysis): VariantRow {
  const n = Math.max(0, ...CLINICAL_METRICS.map((m) => v.stats[m.key]?.n ?? 0));
  const cells: [Cell, number | string | null][] = [
    [{ text: v.model }, v.model.toLowerCase()],
    [{ text: v.label }, v.label.toLowerCase()],
    [seedsCell(v, n), n],
    ...CLINICAL_METRICS.map((m): [Cell, number | null] => [metricCell(m, v.stats[m.key], analysis.best[m.key], n), v.stats[m.key]?.mean ?? null]),
  ];
  return { model: v.model, variant: v.variant, colour, cells: cells.map((c) => c[0]), sortKeys: cells.map((c) => c[1]), failures: [] };
}

/** One unaveraged run: its own numbers, failed runs included with whatever they measured. */
export function runRow(run: RunRecord, clinical: RunClinical | null, colour: string, label: string): RunTableRow {
  const single = (key: MetricKey, value: number | null | undefined): MetricStat | null =>
    typeof value === 'number' && Number.isFinite(value) ? { mean: value, std: null, n: 1, ci: null, values: [value], seeds: [run.seed] } : null;
  const cells: [Cell, number | string | null][] = [
    [{ text: run.run_id }, run.run_id.toLowerCase()],
    [{ text: run.model }, run.model.toLowerCase()],
    [{ text: label }, label.toLowerCase()],
    [countCell(Number.isFinite(run.params) ? [run.params] : [], formatParams, 'parameters'), run.params],
    [countCell(typeof run.macs === 'number' ? [run.macs] : [], formatMacs, 'multiply-accumulates per image'), run.macs ?? null],
    [{ text: String(run.seed) }, run.seed],
    [adapterCell(run), run.adapter ? adapterLabel(run.adapter).toLowerCase() : null],
    ...RUN_METRICS.map((m): [Cell, number | null] => {
      const stat = single(m.key, run[m.key as keyof RunRecord] as number | null);
      const cell: Cell = { text: formatStat(stat, m.fmt) };
      if (m.key === 'gpu_memory_mb' && !stat) cell.title = noGpuMemoryWhy([run]);
      return [cell, stat?.mean ?? null];
    }),
    [{ text: runStatusText(run), ...(run.error ? { title: run.error } : {}) }, run.status],
    ...CLINICAL_METRICS.map((m): [Cell, number | null] => {
      const value = clinical?.[m.key as keyof RunClinical] as number | null | undefined;
      return [{ text: typeof value === 'number' ? m.fmt(value) : MISSING }, typeof value === 'number' ? value : null];
    }),
  ];
  return {
    run_id: run.run_id,
    model: run.model,
    variant: run.variant,
    colour,
    cells: cells.map((c) => c[0]),
    sortKeys: cells.map((c) => c[1]),
    failures: run.status === 'ok' ? [] : [failureOf(run)],
  };
}
