/**
 * The run record: what one trained-and-evaluated run of the sweep produces.
 * This file is the single definition of it; the runner fills it, every writer reads it.
 */

/** One epoch of one run. Accuracies are fractions in [0, 1]. */
export interface EpochRecord {
  epoch: number; // 1-based
  lr: number;
  train_loss: number;
  train_acc: number;
  val_loss: number;
  val_acc: number;
  epoch_time_s: number;
}

/**
 * Why a run ended. 'ok': it finished every epoch. 'failed': an error stopped it (`error`).
 * 'diverged': a train step's loss was NaN or infinite (`stopped_at` names the step; the best
 * epoch before it is kept). 'oom': it ran out of memory, the wasm heap or the GPU's (`error`).
 * 'interrupted': SIGINT or SIGTERM stopped it after a step, with a checkpoint to continue from.
 */
export type RunStatus = 'ok' | 'failed' | 'diverged' | 'oom' | 'interrupted';

export const RUN_STATUSES: readonly RunStatus[] = ['ok', 'failed', 'diverged', 'oom', 'interrupted'];

/** One row of results.csv; keys are the CSV column names, in CSV order. */
export interface RunRow {
  model: string; // family, e.g. "nnmamba"
  variant: string; // registered variant name, e.g. "nnmamba3-scaled"
  params: number;
  image_size: number;
  batch_size: number;
  epochs: number;
  seed: number;
  backend: string;
  best_val_acc: number | null;
  best_epoch: number | null;
  test_acc: number | null;
  peak_tensor_mb: number | null;
  /** Peak GPU memory in MiB (2^20 bytes): the bytes tfjs's webgpu buffer manager has allocated.
   * It pools freed buffers, so this is the process's GPU footprint and high-water mark (like
   * PyTorch's reserved memory), not the live tensors (peak_tensor_mb). null on CPU backends;
   * absent in records written before the webgpu backend. */
  gpu_memory_mb?: number | null;
  peak_rss_mb: number | null;
  train_time_s: number | null;
  images_per_s: number | null;
  status: RunStatus;
}

/**
 * The GPU adapter a webgpu run used. Structurally identical to core's GpuAdapterRecord
 * (packages/core/src/webgpu/dawn.ts), declared again here because the report must not depend on
 * core's tfjs code; the runner assigns one to the other, so the compiler catches any drift.
 */
export interface GpuAdapterRecord {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A software rasteriser (lavapipe / llvmpipe, SwiftShader, WARP) or a fallback adapter. */
  software: boolean;
  /** Storage-binding cap in bytes. */
  max_storage_binding_bytes: number;
  /** Whether kernels can be timed on the GPU (timestamp queries). */
  timestamp_query: boolean;
}

/** results.csv columns computed from a record field rather than copied: the adapter, flattened. */
export interface RunCsvDerived {
  /** Vendor, architecture and device of the adapter; empty on CPU backends. */
  gpu_adapter: string | null;
  /** "true" for a software adapter, "false" for hardware; empty on CPU backends. */
  gpu_adapter_software: 'true' | 'false' | null;
}

export type RunCsvRow = RunRow & RunCsvDerived;

export const RUN_COLUMNS: readonly (keyof RunCsvRow)[] = [
  'model', 'variant', 'params', 'image_size', 'batch_size', 'epochs', 'seed', 'backend', 'gpu_adapter', 'gpu_adapter_software',
  'best_val_acc', 'best_epoch', 'test_acc', 'peak_tensor_mb', 'gpu_memory_mb', 'peak_rss_mb', 'train_time_s',
  'images_per_s', 'status',
];

/** The full record of a run: the CSV row plus what only JSON and HTML carry. */
export interface RunRecord extends RunRow {
  run_id: string; // stable id: `${variant}__s${seed}__${hyperparameter hash}`
  hyperparameters: Record<string, unknown>;
  dataset: {
    name: string;
    fingerprint: string;
    /** Images used per split per class. */
    counts: Record<string, Record<string, number>>;
    /** Facts about the layout, e.g. "no test split" or how valid was carved from train. */
    notes?: string[];
    /** Files found but not used, with why (corrupt, not an image, too large...). */
    skipped?: { path: string; reason: string }[];
  };
  curves: EpochRecord[];
  /** Per-example class probabilities at the selected (best-valid) weights, for confusion
   * matrices, ROC curves and the clinical metrics. probs[i] has one entry per class. */
  predictions?: Partial<Record<'valid' | 'test', { labels: number[]; probs: number[][] }>>;
  class_names?: string[];
  /** Multiply-accumulates of one forward pass of one image (conv, linear, attention matmuls). */
  macs?: number;
  /** Selective-scan FLOPs of one forward pass of one image, counted apart from MACs. */
  scan_flops?: number;
  /** The GPU adapter of a webgpu run; null on CPU backends, absent in older records. */
  adapter?: GpuAdapterRecord | null;
  /** What stopped it when status is 'failed', 'oom' or 'diverged'. */
  error?: string;
  /** For 'diverged' and 'interrupted': the epoch and step (1-based, within the epoch) it stopped at. */
  stopped_at?: { epoch: number; step: number };
  started_at: string; // ISO time
  finished_at: string;
  /** Set only in a `mambabench compare` report: which of the compared experiments the run came
   * from. Runs of the same variant and setting from different experiments are then grouped apart. */
  experiment?: string;
}

/** What results.json holds: the experiment and every run so far. */
export interface ExperimentResults {
  /** spec: the effective experiment (the file with the command line's settings and defaults applied);
   * settings: those `key=value` settings as given, when there were any. */
  experiment: { name: string; file: string; spec: unknown; settings?: string[] };
  /** The run store beside results.json: the key (folder under runs/) of every run of the experiment,
   * in report order, so `mambabench report` can rebuild the report from whatever the store holds. */
  store?: { keys: { run_id: string; key: string }[] };
  environment: Record<string, string | number>;
  runs: RunRecord[];
  /** Set only in a `mambabench compare` report: the report folders it merges, so `mambabench report`
   * rebuilds it from their stores, and what the reader must know (inputs not like-for-like, shared runs). */
  compare?: CompareSource;
}

export interface CompareSource {
  /** The compared report folders, relative to the compare report's folder, in argument order. */
  inputs: { folder: string; experiment: string }[];
  notes: string[];
}
