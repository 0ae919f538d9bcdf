import type { BackendChoice } from '@mambabench/core';
/**
 * The experiment file: its one definition, its defaults and its validation.
 * Defaults follow the published train.py (AdamW 3e-4, PyTorch's wd 0.01 / betas / eps,
 * CosineAnnealingLR T_max 20, eta_min 1e-6, cross-entropy, seed 1).
 */
export interface SyntheticDataSpec {
  kind: 'synthetic';
  train: number;
  valid: number;
  test: number;
  /** Generator seed (the dataset is fixed across runs and seeds of an experiment). */
  seed: number;
  /** Radius multiplier of the DR lesions: 1 is the calibrated difficulty; a short CPU demo uses ~2.5. */
  lesion_scale: number;
}

export interface FolderDataSpec {
  kind: 'folder';
  /** ImageFolder root with train/, valid/ (or valid_fraction) and optionally test/. A relative
   * path in an experiment file is relative to that file's folder. */
  root: string;
  /** Carve this stratified fraction of train as valid when the tree has no valid/ folder. */
  valid_fraction: number | null;
}

export type DataSpec = SyntheticDataSpec | FolderDataSpec;

/** timm Mixup/CutMix with label smoothing (the published script's values are the defaults). */
export interface MixupSpec {
  mixup_alpha: number;
  cutmix_alpha: number;
  prob: number;
  switch_prob: number;
  label_smoothing: number;
}

export interface OptimizerSpec {
  name: 'adamw';
  lr: number;
  weight_decay: number;
  betas: [number, number];
  eps: number;
}

export interface ScheduleSpec {
  name: 'cosine' | 'constant';
  t_max: number;
  eta_min: number;
  /** Linear warmup over this many epochs, stepped per batch (absent or 0: none, as in the published script). */
  warmup_epochs?: number;
}

/** The hyper-parameters of one run: everything a grid may vary. */
export interface TrainSpec {
  image_size: number;
  batch_size: number;
  eval_batch_size: number;
  epochs: number;
  optimizer: OptimizerSpec;
  schedule: ScheduleSpec;
  /** Stop each epoch after this many train batches (and evaluate at most this many); for smoke tests. */
  max_steps_per_epoch: number | null;
  /** Train-time augmentation: the published train.py set, the dr_dataset.py set, or none. */
  augment: 'published' | 'dr_dataset' | 'none';
  /** EMA of weights (evaluated with the EMA weights when on); null = off. */
  ema: { decay: number } | null;
  mixup: MixupSpec | null;
  /** Gradient-norm clipping (the published script clips at 5.0 under AMP); null = off. */
  clip_grad_norm: number | null;
  /** Accepted for the published script's AMP switch; tfjs has no mixed precision, so it only logs that. */
  amp: boolean;
  /**
   * Gradient accumulation: each step's batch of batch_size images goes through forward and backward
   * in this many equal slices, one update per batch (batch_size stays the effective batch, unlike
   * timm's --grad-accum-steps, which multiplies it). Less activation memory, BatchNorm per slice.
   * Absent means 1 (run configurations carry it only when > 1, so theirs stay as they were).
   */
  grad_accum_steps?: number;
}

export interface Experiment extends TrainSpec {
  name: string;
  description: string;
  models: string[];
  seeds: number[];
  data: DataSpec;
  backend: BackendChoice;
  /** Dotted TrainSpec paths to lists of values, e.g. { "optimizer.lr": [3e-4, 1e-3] }. */
  grid: Record<string, unknown[]>;
  /** Runs trained at once, one process each (the CLI's --jobs overrides it). */
  jobs: number;
  /**
   * How many times a run that ran out of memory is trained again with twice the gradient
   * accumulation (half the images per forward pass, the same effective batch); 0 = never.
   */
  oom_retry: number;
}

export const EXPERIMENT_DEFAULTS: Omit<Experiment, 'name' | 'models' | 'data'> = {
  description: '',
  seeds: [1],
  backend: 'auto',
  image_size: 224,
  batch_size: 32,
  eval_batch_size: 64,
  epochs: 300,
  optimizer: { name: 'adamw', lr: 3e-4, weight_decay: 0.01, betas: [0.9, 0.999], eps: 1e-8 },
  schedule: { name: 'cosine', t_max: 20, eta_min: 1e-6 },
  max_steps_per_epoch: null,
  augment: 'published',
  ema: null,
  mixup: null,
  clip_grad_norm: null,
  amp: false,
  grad_accum_steps: 1,
  grid: {},
  jobs: 1,
  oom_retry: 0,
};

export const MIXUP_DEFAULTS: MixupSpec = { mixup_alpha: 0.8, cutmix_alpha: 1.0, prob: 0.1, switch_prob: 0.5, label_smoothing: 0.1 };

/** TrainSpec fields a grid may vary, with the check each value must pass. */
export const GRID_KEYS = [
  'image_size', 'batch_size', 'epochs', 'optimizer.lr', 'optimizer.weight_decay',
  'schedule.t_max', 'schedule.eta_min', 'schedule.warmup_epochs',
] as const;
