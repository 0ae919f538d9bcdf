import { validateExperiment, ExperimentError } from './validate';
import { trainSpecSchema, type DataSpec, type Experiment, type TrainSpec } from './schema';

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

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Sets a dotted path. A field on the way that is off (null) becomes {}, which validation fills with
 * that field's defaults: grid "mixup.label_smoothing" with mixup off is the default mixup with that
 * smoothing.
 */
function setPath(obj: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) {
    if (!isObject(cur[k])) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]!] = value;
}

function combinations(grid: Record<string, unknown[]>): Record<string, unknown>[] {
  return Object.entries(grid).reduce<Record<string, unknown>[]>(
    (acc, [key, values]) => acc.flatMap((combo) => values.map((v) => ({ ...combo, [key]: v }))),
    [{}],
  );
}

const TRAIN_FIELDS = Object.keys(trainSpecSchema.shape) as (keyof TrainSpec)[];

function trainSpecOf(e: Experiment): TrainSpec {
  // A field the schema declares optional without a default is written only when set, so adding
  // one leaves every stored run's configuration, and so its key, as it was.
  const spec = Object.fromEntries(TRAIN_FIELDS.filter((k) => e[k] !== undefined).map((k) => [k, e[k]])) as TrainSpec;
  // Only written when used, so configurations (and --resume's match) without it stay as they were.
  if (!(spec.grad_accum_steps && spec.grad_accum_steps > 1)) delete spec.grad_accum_steps;
  return spec;
}

/** "lr=0.001", "augment=none", "ema={decay:0.999}", "betas=[0.9,0.99]": readable, and without '/', as legacy stores use it in folder names. */
function tagOf(combo: Record<string, unknown>): string {
  // Objects as JSON without the quotes around keys, which would only clutter a folder name.
  const shown = (v: unknown) => (typeof v === 'object' && v !== null ? JSON.stringify(v).replace(/"([A-Za-z_][\w]*)":/g, '$1:') : `${v}`);
  return Object.entries(combo).map(([k, v]) => `${k.split('.').pop()}=${shown(v)}`).join('__').replaceAll('/', '_');
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
    const tag = tagOf(combo);
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
