import { formatDuration, formatFixed, formatMacs, formatParams, formatPercent } from './format.ts';

/** Every per-run quantity the report aggregates over seeds. */
export type MetricKey =
  | 'best_val_acc' | 'test_acc' | 'peak_tensor_mb' | 'gpu_memory_mb' | 'peak_rss_mb' | 'train_time_s' | 'images_per_s'
  | 'best_epoch' | 'params' | 'macs'
  | 'sensitivity' | 'specificity' | 'precision' | 'f1' | 'roc_auc' | 'kappa';

export interface MetricDef {
  key: MetricKey;
  /** Table header, unit in parentheses. */
  label: string;
  /** Column stem in summary.csv, unit spelled out (fractions are 0..1, like results.csv). */
  csv: string;
  /** Which direction is better; null where "best" means nothing (best epoch). */
  better: 'higher' | 'lower' | null;
  fmt: (x: number) => string;
  title?: string;
  /** Values the metric can take; its t interval is clipped to it (an accuracy CI past 100% says nothing). */
  range: [number, number];
}

const FRACTION: [number, number] = [0, 1];
const NON_NEGATIVE: [number, number] = [0, Infinity];

/** Where the GPU memory figure comes from; the column's tooltip and the table's footnote. */
export const GPU_MEMORY_TITLE =
  "Peak bytes allocated by tfjs's webgpu buffer manager, in MiB (2^20 bytes). It keeps freed buffers for reuse, " +
  "so this is the run's GPU footprint and high-water mark, like PyTorch's reserved memory. " +
  '"—" for CPU backends, where Peak tensor is the memory figure.';

const pct = (x: number) => formatPercent(x);
const ratio3 = (x: number) => formatFixed(x, 3);

export const RUN_METRICS: MetricDef[] = [
  { key: 'best_val_acc', label: 'Best val acc (%)', csv: 'best_val_acc_frac', better: 'higher', fmt: pct, title: 'Highest validation accuracy over the epochs', range: FRACTION },
  { key: 'test_acc', label: 'Test acc (%)', csv: 'test_acc_frac', better: 'higher', fmt: pct, title: 'Test accuracy at the best-validation epoch (test evaluated once)', range: FRACTION },
  { key: 'peak_tensor_mb', label: 'Peak tensor (MB)', csv: 'peak_tensor_mb', better: 'lower', fmt: (x) => formatFixed(x, 0), title: 'Peak memory held by live tensors: the memory figure on CPU backends (on webgpu, GPU memory is the footprint)', range: NON_NEGATIVE },
  { key: 'gpu_memory_mb', label: 'GPU memory (MiB)', csv: 'gpu_memory_mb', better: 'lower', fmt: (x) => formatFixed(x, 0), title: GPU_MEMORY_TITLE, range: NON_NEGATIVE },
  { key: 'peak_rss_mb', label: 'Peak RSS (MB)', csv: 'peak_rss_mb', better: 'lower', fmt: (x) => formatFixed(x, 0), title: 'Peak resident memory of the run process', range: NON_NEGATIVE },
  { key: 'train_time_s', label: 'Train time', csv: 'train_time_s', better: 'lower', fmt: formatDuration, title: 'Seconds, or h:mm:ss', range: NON_NEGATIVE },
  { key: 'images_per_s', label: 'Images/s', csv: 'images_per_s', better: 'higher', fmt: (x) => formatFixed(x, 1), title: 'Training throughput', range: NON_NEGATIVE },
  { key: 'best_epoch', label: 'Best epoch', csv: 'best_epoch', better: null, fmt: (x) => formatFixed(x, Number.isInteger(x) ? 0 : 1), title: 'Epoch with the highest validation accuracy', range: [1, Infinity] },
];

export const COST_METRICS: MetricDef[] = [
  { key: 'params', label: 'Params', csv: 'params_count', better: 'lower', fmt: formatParams, range: NON_NEGATIVE },
  { key: 'macs', label: 'MACs', csv: 'macs_per_image', better: 'lower', fmt: formatMacs, title: 'Multiply-accumulates of one forward pass of one image', range: NON_NEGATIVE },
];

export const CLINICAL_METRICS: MetricDef[] = [
  { key: 'sensitivity', label: 'Sensitivity (%)', csv: 'sensitivity_frac', better: 'higher', fmt: pct, title: 'Recall of the positive class: TP / (TP + FN)', range: FRACTION },
  { key: 'specificity', label: 'Specificity (%)', csv: 'specificity_frac', better: 'higher', fmt: pct, title: 'TN / (TN + FP)', range: FRACTION },
  { key: 'precision', label: 'Precision (%)', csv: 'precision_frac', better: 'higher', fmt: pct, title: 'Positive predictive value: TP / (TP + FP)', range: FRACTION },
  { key: 'f1', label: 'F1 (%)', csv: 'f1_frac', better: 'higher', fmt: pct, title: 'Harmonic mean of precision and sensitivity', range: FRACTION },
  { key: 'roc_auc', label: 'ROC-AUC', csv: 'roc_auc', better: 'higher', fmt: ratio3, title: 'Area under the ROC curve of the positive-class probability (rank-based, ties count ½)', range: FRACTION },
  { key: 'kappa', label: "Cohen's κ", csv: 'kappa', better: 'higher', fmt: ratio3, title: 'Agreement with the labels beyond chance', range: [-1, 1] },
];

export const ALL_METRICS: MetricDef[] = [...RUN_METRICS, ...COST_METRICS, ...CLINICAL_METRICS];

export function metricDef(key: MetricKey): MetricDef {
  return ALL_METRICS.find((m) => m.key === key)!;
}
