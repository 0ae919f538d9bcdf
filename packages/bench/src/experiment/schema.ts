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
}

export type DataSpec = SyntheticDataSpec;

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
}

export interface Experiment extends TrainSpec {
  name: string;
  description: string;
  models: string[];
  seeds: number[];
  data: DataSpec;
  backend: 'auto' | 'wasm' | 'cpu' | 'tensorflow';
  /** Dotted TrainSpec paths to lists of values, e.g. { "optimizer.lr": [3e-4, 1e-3] }. */
  grid: Record<string, unknown[]>;
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
  grid: {},
};

/** TrainSpec fields a grid may vary, with the check each value must pass. */
export const GRID_KEYS = [
  'image_size', 'batch_size', 'epochs', 'optimizer.lr', 'optimizer.weight_decay',
  'schedule.t_max', 'schedule.eta_min',
] as const;
