import { validateExperiment, ExperimentError } from './validate';
import type { DataSpec, Experiment, TrainSpec } from './schema';

/** One cell of the sweep: a model, a seed and a full set of hyper-parameters. */
export interface RunConfig {
  run_id: string;
  experiment: string;
  model: string;
  seed: number;
  backend: Experiment['backend'];
  data: DataSpec;
  train: TrainSpec;
  /** The grid values that distinguish this run (empty without a grid). */
  overrides: Record<string, unknown>;
  /** The run's key in the sweep's store (store/run-key.ts), set by the sweep: a checkpoint is resumed only by its own run. */
  store_key?: string;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  cur[keys[keys.length - 1]] = value;
}

function combinations(grid: Record<string, unknown[]>): Record<string, unknown>[] {
  return Object.entries(grid).reduce<Record<string, unknown>[]>(
    (acc, [key, values]) => acc.flatMap((combo) => values.map((v) => ({ ...combo, [key]: v }))),
    [{}],
  );
}

function trainSpecOf(e: Experiment): TrainSpec {
  const { image_size, batch_size, eval_batch_size, epochs, optimizer, schedule, max_steps_per_epoch, augment, ema, mixup, clip_grad_norm, amp, grad_accum_steps } = e;
  return {
    image_size, batch_size, eval_batch_size, epochs, optimizer, schedule, max_steps_per_epoch, augment, ema, mixup, clip_grad_norm, amp,
    // Only written when used, so configurations (and --resume's match) without it stay as they were.
    ...(grad_accum_steps && grad_accum_steps > 1 ? { grad_accum_steps } : {}),
  };
}

/** models x grid combinations x seeds, in that nesting order (all seeds of a cell together). */
export function expandRuns(exp: Experiment, file: string): RunConfig[] {
  const runs: RunConfig[] = [];
  for (const combo of combinations(exp.grid)) {
    const patched = structuredClone(exp) as unknown as Record<string, unknown>;
    patched.grid = {};
    for (const [key, value] of Object.entries(combo)) setPath(patched, key, value);
    let cell: Experiment;
    try {
      cell = validateExperiment(patched, file);
    } catch (error) {
      if (error instanceof ExperimentError) throw new ExperimentError(file, 'grid', `produces an invalid run: ${error.detail}`);
      throw error;
    }
    const tag = Object.entries(combo).map(([k, v]) => `${k.split('.').pop()}=${v}`).join('__');
    for (const model of exp.models) {
      for (const seed of exp.seeds) {
        runs.push({
          run_id: [model, tag, `s${seed}`].filter(Boolean).join('__'),
          experiment: exp.name,
          model,
          seed,
          backend: exp.backend,
          data: exp.data,
          train: trainSpecOf(cell),
          overrides: combo,
        });
      }
    }
  }
  return runs;
}
