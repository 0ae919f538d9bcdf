import type { Analysis } from './analysis.ts';
import type { VariantAnalysis } from './variant-analysis.ts';
import type { ChartSpec, DatasetSpec, PointSpec } from './chart-spec.ts';
import { metricName } from './comparison-view.ts';
import { variantColour } from './palette.ts';
import { mean, sampleStd } from './stats.ts';
import type { EpochRecord, RunRecord } from './run-record.ts';

/** Charts with one series per variant show at most this many (top by the primary metric): beyond it they are unreadable. */
export const MAX_SERIES = 12;

function primaryKey(analysis: Analysis): 'test_acc' | 'best_val_acc' {
  return analysis.comparisons?.metric ?? 'best_val_acc';
}

/** Variants ranked by the primary metric (missing last), capped at `max`; plus a subtitle saying what was left out. */
function topVariants(analysis: Analysis, max: number): { shown: VariantAnalysis[]; note: string } {
  const key = primaryKey(analysis);
  const ranked = [...analysis.variants].sort((a, b) => (b.stats[key]?.mean ?? -Infinity) - (a.stats[key]?.mean ?? -Infinity));
  const shown = ranked.slice(0, max);
  return { shown, note: ranked.length > max ? `Top ${max} of ${ranked.length} variants by ${metricName(key)}.` : '' };
}

/**
 * Non-dominated points when lower x and higher y are better, in increasing x: each one is more
 * accurate than every cheaper one.
 */
export function paretoFront(points: readonly { x: number; y: number }[]): { x: number; y: number }[] {
  const sorted = [...points].sort((a, b) => a.x - b.x || b.y - a.y);
  const front: { x: number; y: number }[] = [];
  for (const p of sorted) if (front.length === 0 || p.y > front[front.length - 1]!.y) front.push(p);
  return front;
}

function scaleTime(maxSeconds: number): { factor: number; unit: string } {
  if (maxSeconds >= 2 * 3600) return { factor: 1 / 3600, unit: 'h' };
  if (maxSeconds >= 120) return { factor: 1 / 60, unit: 'min' };
  return { factor: 1, unit: 's' };
}

type CostKey = 'train_time_s' | 'peak_tensor_mb' | 'gpu_memory_mb' | 'peak_rss_mb';

/** `variants`: those the chart may show (a memory chart shows only those measured the same way); `note` goes in the subtitle. */
function costScatter(
  analysis: Analysis, variants: readonly VariantAnalysis[], id: string, title: string, xKey: CostKey, xTitle: (unit: string) => string,
  scale: (max: number) => { factor: number; unit: string }, note = '',
): ChartSpec | null {
  const yKey = primaryKey(analysis);
  const vs = variants.filter((v) => v.stats[xKey] && v.stats[yKey]);
  if (vs.length === 0) return null;
  const { factor, unit } = scale(Math.max(...vs.flatMap((v) => v.stats[xKey]!.values)));
  const means = vs.map((v) => ({ v, x: v.stats[xKey]!.mean * factor, y: v.stats[yKey]!.mean * 100 }));
  const front = paretoFront(means);
  const onFront = new Set(front);
  const label = (m: (typeof means)[number]) => (vs.length <= 20 || onFront.has(m) ? m.v.label : null);
  const datasets: DatasetSpec[] = [];
  for (const m of means) {
    const colour = variantColour(analysis, m.v);
    datasets.push({ label: m.v.label, colour, data: [{ x: m.x, y: m.y }], pointRadius: 6, pointLabels: [label(m)] });
    // Individual seeds, faint, so the spread behind each mean is visible.
    const seedPoints = seedXY(m.v, xKey, yKey, factor);
    if (seedPoints.length > 1) datasets.push({ label: `${m.v.label} seeds`, colour, data: seedPoints, pointRadius: 3, alpha: 0.35, noLegend: true });
  }
  datasets.push({
    label: 'Pareto front', colour: '#333333', data: front.map((p) => ({ x: p.x, y: p.y })), showLine: true, stepped: true, dashed: true, pointRadius: 0,
  });
  const notes = ['Large dots: mean over seeds; small dots: single seeds. Dashed: Pareto front (nothing is both cheaper and more accurate).', note].filter(Boolean);
  return {
    id, title, subtitle: notes.join(' '), type: 'scatter',
    x: { title: xTitle(unit) }, y: { title: `${metricName(yKey)} (%)` }, datasets,
  };
}

function seedXY(v: VariantAnalysis, xKey: CostKey, yKey: 'test_acc' | 'best_val_acc', factor: number): PointSpec[] {
  return v.ok
    .filter((r) => typeof r[xKey] === 'number' && typeof r[yKey] === 'number')
    .map((r) => ({ x: r[xKey]! * factor, y: r[yKey]! * 100 }));
}

export function accuracyVsTime(analysis: Analysis): ChartSpec | null {
  return costScatter(analysis, analysis.variants, 'accuracy-vs-time', 'Accuracy vs training time', 'train_time_s', (u) => `training time (${u})`, scaleTime);
}

export const GPU_MEMORY_AXIS = 'peak GPU memory (MiB, webgpu buffer manager)';
const GPU_MEMORY_TITLE = 'Accuracy vs peak GPU memory';

/**
 * Accuracy vs memory. GPU memory (webgpu's buffer pool, freed buffers included) and tensor
 * memory (live tensors on a CPU backend) measure different things, so they never share an axis:
 * variants with GPU memory get their own chart, the rest keep the tensor (or, failing that,
 * RSS) chart, which then says it holds the CPU-backend runs only.
 */
export function accuracyVsMemory(analysis: Analysis): ChartSpec[] {
  const gpu = analysis.variants.filter((v) => v.stats.gpu_memory_mb);
  const rest = analysis.variants.filter((v) => !v.stats.gpu_memory_mb);
  const hasTensor = rest.some((v) => v.stats.peak_tensor_mb);
  const key = hasTensor ? 'peak_tensor_mb' : 'peak_rss_mb';
  const what = hasTensor ? 'peak tensor memory' : 'peak process memory (RSS)';
  const restTitle = `Accuracy vs ${what}`;
  const cpu = costScatter(analysis, rest, 'accuracy-vs-memory', gpu.length ? `${restTitle} (CPU backends)` : restTitle, key, (u) => `${what} (${u})`,
    (max) => (max >= 2048 ? { factor: 1 / 1024, unit: 'GB' } : { factor: 1, unit: 'MB' }),
    gpu.length ? `CPU backends only: ${what} is not GPU memory, so the webgpu runs are in "${GPU_MEMORY_TITLE}".` : '');
  // MiB at any size: the unit of the table and the CSVs, so a point can be looked up there.
  const onGpu = costScatter(analysis, gpu, 'accuracy-vs-gpu-memory', GPU_MEMORY_TITLE, 'gpu_memory_mb', () => GPU_MEMORY_AXIS,
    () => ({ factor: 1, unit: 'MiB' }),
    `GPU memory: tfjs's webgpu buffer pool, freed buffers included (like PyTorch's reserved memory).${cpu ? ` CPU-backend runs are in "${restTitle} (CPU backends)".` : ''}`);
  return [onGpu, cpu].filter((c): c is ChartSpec => c !== null);
}

const BAR_METRICS = [
  { key: 'sensitivity', label: 'Sensitivity' },
  { key: 'specificity', label: 'Specificity' },
  { key: 'precision', label: 'Precision' },
  { key: 'f1', label: 'F1' },
  { key: 'roc_auc', label: 'ROC-AUC ×100' },
  { key: 'kappa', label: 'κ ×100' },
] as const;

/** Grouped bars: categories are metrics, one bar per variant (same colour as everywhere else), 95% CI whiskers. */
export function metricsBars(analysis: Analysis): ChartSpec | null {
  const yKey = primaryKey(analysis);
  const metrics = [{ key: yKey, label: yKey === 'test_acc' ? 'Test acc' : 'Best val acc' }, ...(analysis.clinicalSplit ? BAR_METRICS : [])];
  const { shown, note } = topVariants(analysis, MAX_SERIES);
  const vs = shown.filter((v) => v.stats[yKey]);
  if (vs.length === 0) return null;
  const values = vs.flatMap((v) => metrics.flatMap((m) => {
    const s = v.stats[m.key];
    return s ? [s.ci ? s.ci[0] : s.mean] : [];
  }));
  // Differences between models are a few points; an axis from 0 would hide them. The start is stated.
  const min = Math.max(0, Math.floor((Math.min(...values) * 100 - 5) / 10) * 10);
  return {
    id: 'metrics-bars',
    title: `Main metrics${analysis.clinicalSplit ? ` (${analysis.clinicalSplit} split, positive class ${analysis.positiveClass})` : ''}`,
    subtitle: [`Mean over seeds with 95% CI whiskers (none for 1 seed). The axis starts at ${min}.`, note].filter(Boolean).join(' '),
    type: 'bar',
    x: { title: '' },
    y: { title: 'percent', min, max: 100 },
    categories: metrics.map((m) => m.label),
    datasets: vs.map((v) => ({
      label: v.label,
      colour: variantColour(analysis, v),
      data: metrics.map((m) => (v.stats[m.key] ? v.stats[m.key]!.mean * 100 : null)),
      errorBars: metrics.map((m) => {
        const ci = v.stats[m.key]?.ci;
        return ci ? [ci[0] * 100, ci[1] * 100] : null;
      }),
    })),
  };
}

export function rocChart(analysis: Analysis): ChartSpec | null {
  const withRoc = analysis.variants.filter((v) => v.roc);
  if (withRoc.length === 0) return null;
  const ranked = [...withRoc].sort((a, b) => (b.stats.roc_auc?.mean ?? 0) - (a.stats.roc_auc?.mean ?? 0));
  const shown = ranked.slice(0, MAX_SERIES);
  const auc = (v: VariantAnalysis) => {
    const s = v.stats.roc_auc;
    if (!s) return '';
    return ` (AUC ${s.mean.toFixed(3)}${s.std !== null ? ` ± ${s.std.toFixed(3)}` : ''})`;
  };
  return {
    id: 'roc',
    title: `ROC curves (${analysis.clinicalSplit} split, positive class ${analysis.positiveClass})`,
    subtitle: ['Predictions of all seeds pooled per variant; AUC in the legend is the mean ± std of the per-seed AUCs.',
      ranked.length > MAX_SERIES ? `Top ${MAX_SERIES} of ${ranked.length} variants by AUC.` : ''].filter(Boolean).join(' '),
    type: 'line',
    x: { title: 'false-positive rate (1 − specificity)', min: 0, max: 1 },
    y: { title: 'true-positive rate (sensitivity)', min: 0, max: 1 },
    datasets: [
      ...shown.map((v): DatasetSpec => ({ label: `${v.label}${auc(v)}`, colour: variantColour(analysis, v), data: v.roc!.map((p) => ({ x: p.fpr, y: p.tpr })), pointRadius: 0 })),
      { label: 'chance', colour: '#999999', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], dashed: true, pointRadius: 0 },
    ],
  };
}

/** Mean and sample std per epoch over runs (epochs matched by number; diverged epochs, stored as null, skipped). */
export function meanCurve(runs: readonly RunRecord[], key: keyof EpochRecord, scale: number): { x: number; mean: number | null; std: number | null }[] {
  const byEpoch = new Map<number, number[]>();
  for (const run of runs) {
    for (const e of run.curves ?? []) {
      const v = e[key];
      if (!byEpoch.has(e.epoch)) byEpoch.set(e.epoch, []);
      if (typeof v === 'number' && Number.isFinite(v)) byEpoch.get(e.epoch)!.push(v * scale);
    }
  }
  return [...byEpoch.entries()].sort((a, b) => a[0] - b[0]).map(([x, vs]) => ({ x, mean: vs.length ? mean(vs) : null, std: sampleStd(vs) }));
}

function learningChart(analysis: Analysis, id: string, title: string, yTitle: string, trainKey: keyof EpochRecord, validKey: keyof EpochRecord, scale: number): ChartSpec | null {
  const { shown, note } = topVariants(analysis, MAX_SERIES);
  const datasets: DatasetSpec[] = [];
  for (const v of shown) {
    // Failed-only variants still show their partial curves: they tell how the run died.
    const runs = v.ok.length ? v.ok : v.runs;
    const name = v.ok.length ? v.label : `${v.label} (failed)`;
    const train = meanCurve(runs, trainKey, scale);
    const valid = meanCurve(runs, validKey, scale);
    if (train.length === 0) continue;
    const pointRadius = train.length > 40 ? 0 : 2;
    const colour = variantColour(analysis, v);
    if (valid.some((p) => p.std !== null)) {
      datasets.push({ label: `${name} valid −1 std`, colour, data: valid.map((p) => ({ x: p.x, y: p.mean === null || p.std === null ? null : p.mean - p.std })), pointRadius: 0, alpha: 0, noLegend: true });
      datasets.push({ label: `${name} valid +1 std`, colour, data: valid.map((p) => ({ x: p.x, y: p.mean === null || p.std === null ? null : p.mean + p.std })), pointRadius: 0, alpha: 0.15, fillToPrevious: true, noLegend: true });
    }
    datasets.push({ label: `${name} train`, colour, data: train.map((p) => ({ x: p.x, y: p.mean })), dashed: true, pointRadius });
    datasets.push({ label: `${name} valid`, colour, data: valid.map((p) => ({ x: p.x, y: p.mean })), pointRadius });
  }
  if (datasets.length === 0) return null;
  return {
    id, title, type: 'line',
    subtitle: ['Mean over seeds; dashed = train, solid = validation, shaded = validation ±1 std across seeds.', note].filter(Boolean).join(' '),
    x: { title: 'epoch' }, y: { title: yTitle }, datasets,
  };
}

export function learningLoss(analysis: Analysis): ChartSpec | null {
  return learningChart(analysis, 'learning-loss', 'Loss per epoch', 'loss', 'train_loss', 'val_loss', 1);
}

export function learningAccuracy(analysis: Analysis): ChartSpec | null {
  return learningChart(analysis, 'learning-accuracy', 'Accuracy per epoch', 'accuracy (%)', 'train_acc', 'val_acc', 100);
}

/** Every chart of the report, grouped by the page section that shows it. */
export function chartSpecs(analysis: Analysis): { clinical: ChartSpec[]; cost: ChartSpec[]; training: ChartSpec[] } {
  const keep = (xs: (ChartSpec | null)[]) => xs.filter((x): x is ChartSpec => x !== null);
  return {
    clinical: keep([metricsBars(analysis), analysis.clinicalSplit ? rocChart(analysis) : null]),
    cost: keep([accuracyVsTime(analysis), ...accuracyVsMemory(analysis)]),
    training: keep([learningLoss(analysis), learningAccuracy(analysis)]),
  };
}
