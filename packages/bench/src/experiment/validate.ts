import { BACKENDS } from '@mambabench/core';
import { InputError } from '../input-error';
import {
  EXPERIMENT_DEFAULTS, GRID_KEYS, MIXUP_DEFAULTS, type DataSpec, type Experiment, type MixupSpec, type OptimizerSpec, type ScheduleSpec,
} from './schema';

/** An experiment-file error that names the file, the field and the offending value. */
export class ExperimentError extends InputError {
  /** The message without the file name, for wrapping in another field's error. */
  readonly detail: string;
  constructor(file: string, readonly field: string, message: string, value?: unknown) {
    const shown = value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
    super(`${file}: field "${field}" ${message}${shown}`);
    this.detail = `field "${field}" ${message}${shown}`;
    this.name = 'ExperimentError';
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  constructor(readonly file: string) {}
  fail(field: string, message: string, value?: unknown): never {
    throw new ExperimentError(this.file, field, message, value);
  }
  known(obj: Obj, allowed: string[], prefix: string) {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) this.fail(prefix + key, `is not a known field; expected one of: ${allowed.join(', ')}`);
    }
  }
  int(v: unknown, field: string, min: number): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) this.fail(field, `must be an integer >= ${min}`, v);
    return v;
  }
  num(v: unknown, field: string, min: number, max = Infinity, minExclusive = false): number {
    const bad = typeof v !== 'number' || !Number.isFinite(v) || v > max || (minExclusive ? v <= min : v < min);
    if (bad) this.fail(field, `must be a number ${minExclusive ? '>' : '>='} ${min}${max < Infinity ? ` and <= ${max}` : ''}`, v);
    return v as number;
  }
  str(v: unknown, field: string, pattern?: RegExp): string {
    if (typeof v !== 'string' || v.length === 0 || (pattern && !pattern.test(v))) {
      this.fail(field, pattern ? `must be a string matching ${pattern}` : 'must be a non-empty string', v);
    }
    return v as string;
  }
  oneOf<T extends string>(v: unknown, field: string, options: readonly T[]): T {
    if (!options.includes(v as T)) this.fail(field, `must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}`, v);
    return v as T;
  }
}

const TOP_FIELDS = [
  '$schema', 'name', 'description', 'models', 'seeds', 'data', 'backend', 'image_size', 'batch_size',
  'eval_batch_size', 'epochs', 'optimizer', 'schedule', 'max_steps_per_epoch', 'grid',
  'augment', 'ema', 'mixup', 'clip_grad_norm', 'amp', 'jobs', 'grad_accum_steps', 'oom_retry',
];

/** Validates a parsed experiment file and fills in defaults. Throws ExperimentError. */
export function validateExperiment(raw: unknown, file: string): Experiment {
  const c: Checker = new Checker(file); // explicit type: lets c.fail() narrow like a throw
  if (!isObj(raw)) c.fail('(root)', 'must be a JSON object', raw);
  c.known(raw, TOP_FIELDS, '');
  const d = EXPERIMENT_DEFAULTS;
  const name = c.str(raw.name, 'name', /^[A-Za-z0-9][A-Za-z0-9._-]*$/);
  if (!Array.isArray(raw.models) || raw.models.length === 0) c.fail('models', 'must be a non-empty list of variant names', raw.models);
  const models = (raw.models as unknown[]).map((m, i) => c.str(m, `models[${i}]`));
  const seedsRaw = raw.seeds ?? d.seeds;
  if (!Array.isArray(seedsRaw) || seedsRaw.length === 0) c.fail('seeds', 'must be a non-empty list of integers', seedsRaw);
  const seeds = (seedsRaw as unknown[]).map((s, i) => c.int(s, `seeds[${i}]`, 0));
  if (new Set(seeds).size !== seeds.length) c.fail('seeds', 'must not repeat a seed', seedsRaw);
  const exp: Experiment = {
    name,
    description: typeof (raw.description ?? '') === 'string' ? ((raw.description ?? '') as string) : c.fail('description', 'must be a string', raw.description),
    models,
    seeds,
    data: validateData(c, raw.data),
    backend: c.oneOf(raw.backend ?? d.backend, 'backend', BACKENDS),
    image_size: c.int(raw.image_size ?? d.image_size, 'image_size', 16),
    batch_size: c.int(raw.batch_size ?? d.batch_size, 'batch_size', 1),
    eval_batch_size: c.int(raw.eval_batch_size ?? d.eval_batch_size, 'eval_batch_size', 1),
    epochs: c.int(raw.epochs ?? d.epochs, 'epochs', 1),
    optimizer: validateOptimizer(c, raw.optimizer),
    schedule: validateSchedule(c, raw.schedule),
    max_steps_per_epoch: raw.max_steps_per_epoch == null ? null : c.int(raw.max_steps_per_epoch, 'max_steps_per_epoch', 1),
    augment: c.oneOf(raw.augment ?? d.augment, 'augment', ['published', 'dr_dataset', 'none'] as const),
    ema: validateEma(c, raw.ema),
    mixup: validateMixup(c, raw.mixup),
    clip_grad_norm: raw.clip_grad_norm == null ? null : c.num(raw.clip_grad_norm, 'clip_grad_norm', 0, Infinity, true),
    amp: raw.amp === undefined ? d.amp : typeof raw.amp === 'boolean' ? raw.amp : c.fail('amp', 'must be true or false', raw.amp),
    grad_accum_steps: c.int(raw.grad_accum_steps ?? d.grad_accum_steps, 'grad_accum_steps', 1),
    grid: validateGrid(c, raw.grid),
    jobs: c.int(raw.jobs ?? d.jobs, 'jobs', 1),
    oom_retry: c.int(raw.oom_retry ?? d.oom_retry, 'oom_retry', 0),
  };
  const slices = exp.grad_accum_steps!;
  if (exp.batch_size % slices !== 0) c.fail('grad_accum_steps', `must divide batch_size (${exp.batch_size}) into equal slices`, slices);
  for (const b of exp.grid.batch_size ?? []) {
    if (typeof b === 'number' && b % slices !== 0) c.fail('grid.batch_size', `every batch size must be a multiple of grad_accum_steps (${slices})`, b);
  }
  if (exp.mixup && exp.batch_size % 2 !== 0) c.fail('batch_size', 'must be even when mixup is on (timm mixes a batch with its reverse)', exp.batch_size);
  return exp;
}

function validateData(c: Checker, raw: unknown): DataSpec {
  if (!isObj(raw)) c.fail('data', 'must be an object with "kind": "synthetic" or "folder"', raw);
  const kind = c.oneOf(raw.kind, 'data.kind', ['synthetic', 'folder'] as const);
  if (kind === 'folder') {
    c.known(raw, ['kind', 'root', 'valid_fraction'], 'data.');
    return {
      kind,
      root: c.str(raw.root, 'data.root'),
      valid_fraction: raw.valid_fraction == null ? null : c.num(raw.valid_fraction, 'data.valid_fraction', 0, 0.9, true),
    };
  }
  c.known(raw, ['kind', 'train', 'valid', 'test', 'seed', 'lesion_scale'], 'data.');
  return {
    kind,
    train: c.int(raw.train ?? 512, 'data.train', 2),
    valid: c.int(raw.valid ?? 256, 'data.valid', 2),
    test: c.int(raw.test ?? 256, 'data.test', 0),
    seed: c.int(raw.seed ?? 0, 'data.seed', 0),
    lesion_scale: c.num(raw.lesion_scale ?? 1, 'data.lesion_scale', 0, 10, true),
  };
}

function validateEma(c: Checker, raw: unknown): { decay: number } | null {
  if (raw == null || raw === false) return null;
  if (raw === true) return { decay: 0.9998 };
  if (!isObj(raw)) c.fail('ema', 'must be true, false, null or { "decay": number }', raw);
  c.known(raw, ['decay'], 'ema.');
  return { decay: c.num(raw.decay ?? 0.9998, 'ema.decay', 0, 1, true) };
}

function validateMixup(c: Checker, raw: unknown): MixupSpec | null {
  if (raw == null || raw === false) return null;
  if (raw === true) return { ...MIXUP_DEFAULTS };
  if (!isObj(raw)) c.fail('mixup', 'must be true, false, null or an object of mixup settings', raw);
  c.known(raw, Object.keys(MIXUP_DEFAULTS), 'mixup.');
  const v = (k: keyof MixupSpec, max: number) => c.num(raw[k] ?? MIXUP_DEFAULTS[k], `mixup.${k}`, 0, max);
  return { mixup_alpha: v('mixup_alpha', 100), cutmix_alpha: v('cutmix_alpha', 100), prob: v('prob', 1), switch_prob: v('switch_prob', 1), label_smoothing: v('label_smoothing', 1) };
}

function validateOptimizer(c: Checker, raw: unknown): OptimizerSpec {
  const d = EXPERIMENT_DEFAULTS.optimizer;
  if (raw === undefined) return { ...d, betas: [...d.betas] };
  if (!isObj(raw)) c.fail('optimizer', 'must be an object', raw);
  c.known(raw, ['name', 'lr', 'weight_decay', 'betas', 'eps'], 'optimizer.');
  const betas = raw.betas ?? d.betas;
  if (!Array.isArray(betas) || betas.length !== 2) c.fail('optimizer.betas', 'must be a list of two numbers in [0, 1)', betas);
  return {
    name: c.oneOf(raw.name ?? 'adamw', 'optimizer.name', ['adamw'] as const),
    lr: c.num(raw.lr ?? d.lr, 'optimizer.lr', 0, 10, true),
    weight_decay: c.num(raw.weight_decay ?? d.weight_decay, 'optimizer.weight_decay', 0),
    betas: [c.num(betas[0], 'optimizer.betas[0]', 0, 0.999999), c.num(betas[1], 'optimizer.betas[1]', 0, 0.999999)],
    eps: c.num(raw.eps ?? d.eps, 'optimizer.eps', 0, 1, true),
  };
}

function validateSchedule(c: Checker, raw: unknown): ScheduleSpec {
  const d = EXPERIMENT_DEFAULTS.schedule;
  if (raw === undefined) return { ...d };
  if (!isObj(raw)) c.fail('schedule', 'must be an object', raw);
  c.known(raw, ['name', 't_max', 'eta_min', 'warmup_epochs'], 'schedule.');
  const warmup = raw.warmup_epochs == null ? 0 : c.num(raw.warmup_epochs, 'schedule.warmup_epochs', 0);
  return {
    name: c.oneOf(raw.name ?? 'cosine', 'schedule.name', ['cosine', 'constant'] as const),
    t_max: c.int(raw.t_max ?? d.t_max, 'schedule.t_max', 1),
    eta_min: c.num(raw.eta_min ?? d.eta_min, 'schedule.eta_min', 0),
    // Only written when used, so configurations (and --resume's match) without warmup stay as they were.
    ...(warmup > 0 ? { warmup_epochs: warmup } : {}),
  };
}

function validateGrid(c: Checker, raw: unknown): Record<string, unknown[]> {
  if (raw === undefined) return {};
  if (!isObj(raw)) c.fail('grid', 'must be an object mapping a hyper-parameter to a list of values', raw);
  c.known(raw, [...GRID_KEYS], 'grid.');
  for (const [key, values] of Object.entries(raw)) {
    if (!Array.isArray(values) || values.length === 0) c.fail(`grid.${key}`, 'must be a non-empty list', values);
  }
  return raw as Record<string, unknown[]>;
}
