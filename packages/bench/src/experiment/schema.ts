import { z } from 'zod';
import { BACKENDS } from '@mambabench/core';
import { TRANSFORM_NAMES } from '@mambabench/data';
import { schemaPaths, type JsonNode } from './json-schema-paths';

/**
 * The experiment file: its one definition. Types, defaults, validation, error messages, the grid's
 * keys and experiments/schema.json all come from here. Defaults follow the published train.py
 * (AdamW 3e-4, PyTorch's wd 0.01 / betas / eps, CosineAnnealingLR T_max 20, eta_min 1e-6,
 * cross-entropy, seed 1). Field order is the order of the validated object, so keep it: run
 * configurations are written with it.
 */

const int = (min: number) => z.int().min(min);

const syntheticDataSchema = z.strictObject({
  kind: z.literal('synthetic').describe('Embedded synthetic fundus images, generated from a seed.'),
  train: int(2).default(512).describe('Train images.'),
  valid: int(2).default(256).describe('Validation images (the epoch is chosen on them).'),
  test: int(0).default(256).describe('Test images (scored once, at the chosen epoch).'),
  seed: int(0).default(0).describe('Generator seed: the dataset is fixed across the runs and seeds of an experiment.'),
  lesion_scale: z.number().gt(0).lte(10).default(1).describe('Radius multiplier of the DR lesions: 1 is the calibrated difficulty; a short CPU demo uses about 2.5-4.'),
});

const folderDataSchema = z.strictObject({
  kind: z.literal('folder').describe('An ImageFolder tree of images, one folder per class.'),
  root: z.string().min(1).describe('Folder with train/, valid/ (or valid_fraction) and optionally test/; a relative path is relative to the experiment file.'),
  valid_fraction: z.number().gt(0).lte(0.9).nullable().default(null)
    .describe('Carve this stratified fraction of train as valid when the tree has no valid/ folder; null: use valid/.'),
});

const dataSchema = z.discriminatedUnion('kind', [syntheticDataSchema, folderDataSchema])
  .describe('The images: { "kind": "synthetic", ... } or { "kind": "folder", "root": ... }.');

const mixupSchema = z.strictObject({
  mixup_alpha: z.number().min(0).lte(100).default(0.8).describe('Beta(alpha, alpha) of Mixup; 0 turns Mixup off.'),
  cutmix_alpha: z.number().min(0).lte(100).default(1.0).describe('Beta(alpha, alpha) of CutMix; 0 turns CutMix off.'),
  prob: z.number().min(0).lte(1).default(0.1).describe('Probability that a batch is mixed at all.'),
  switch_prob: z.number().min(0).lte(1).default(0.5).describe('Probability of CutMix instead of Mixup when both are on.'),
  label_smoothing: z.number().min(0).lte(1).default(0.1).describe('Label smoothing of the mixed targets.'),
});

const emaSchema = z.strictObject({
  decay: z.number().gt(0).lte(1).default(0.9998).describe('EMA decay per step.'),
});

/** What `"mixup": true` turns on: timm Mixup/CutMix with the published script's values. */
export const MIXUP_DEFAULTS: MixupSpec = mixupSchema.parse({});
/** What `"ema": true` turns on. */
export const EMA_DEFAULTS: { decay: number } = emaSchema.parse({});

/** true turns an option on with its defaults; false and null turn it off. */
const switchable = <T extends z.ZodType<object>>(schema: T, defaults: z.output<T>, description: string) =>
  z.union([z.boolean(), z.null(), schema])
    .transform((v): z.output<T> | null => (v === true ? structuredClone(defaults) : v === false || v === null ? null : (v as z.output<T>)))
    // Not .default(null): zod leaves a transformed field's default out of the input JSON Schema, a prefault it shows.
    .prefault(null)
    .describe(description);

const optimizerSchema = z.strictObject({
  name: z.enum(['adamw']).default('adamw').describe('Optimizer (AdamW, decoupled weight decay, as torch.optim.AdamW).'),
  lr: z.number().gt(0).lte(10).default(3e-4).describe('Learning rate (the peak, after any warmup).'),
  weight_decay: z.number().min(0).default(0.01).describe('Decoupled weight decay.'),
  betas: z.tuple([z.number().min(0).lte(0.999999), z.number().min(0).lte(0.999999)]).default([0.9, 0.999]).describe('Adam betas [beta1, beta2].'),
  eps: z.number().gt(0).lte(1).default(1e-8).describe('Adam epsilon.'),
});

const scheduleSchema = z.strictObject({
  name: z.enum(['cosine', 'constant']).default('cosine').describe('Learning-rate schedule, stepped per epoch: cosine annealing (CosineAnnealingLR) or constant.'),
  t_max: int(1).default(20).describe('Cosine half-period in epochs (T_max).'),
  eta_min: z.number().min(0).default(1e-6).describe('Cosine floor of the learning rate.'),
  warmup_epochs: z.number().min(0).nullish().describe('Linear warmup over this many epochs, stepped per batch; absent, 0 or null: none, as in the published script.'),
})
  // Written only when used, so configurations (and --resume's match) without warmup stay as they were.
  .transform(({ warmup_epochs, ...rest }) => (warmup_epochs ? { ...rest, warmup_epochs } : rest) as ScheduleSpec);

/** The hyper-parameters of one run: everything a grid may vary. */
const trainFields = {
  image_size: int(16).default(224).describe('Image side in pixels.'),
  batch_size: int(1).default(32).describe('Images per optimizer step.'),
  eval_batch_size: int(1).default(64).describe('Images per forward pass when evaluating.'),
  epochs: int(1).default(300).describe('Training epochs.'),
  optimizer: optimizerSchema.prefault({}).describe('The optimizer; omitted fields take their defaults.'),
  schedule: scheduleSchema.prefault({}).describe('The learning-rate schedule; omitted fields take their defaults.'),
  max_steps_per_epoch: int(1).nullable().default(null).describe('Stop each epoch after this many train batches (and evaluate at most this many); for smoke tests. null: whole epochs.'),
  augment: z.enum(TRANSFORM_NAMES).default('published').describe('Train-time augmentation: the published train.py set, the dr_dataset.py set, or none.'),
  ema: switchable(emaSchema, EMA_DEFAULTS, 'EMA of the weights, evaluated with the EMA weights: true ({ "decay": 0.9998 }), an object, or false/null (off).'),
  mixup: switchable(mixupSchema, MIXUP_DEFAULTS, 'timm Mixup/CutMix with label smoothing: true (the published values), an object, or false/null (off).'),
  clip_grad_norm: z.number().gt(0).nullable().default(null).describe('Gradient-norm clipping (the published script clips at 5.0 under AMP); null: off.'),
  amp: z.boolean().default(false).describe("Accepted for the published script's AMP switch; tfjs has no mixed precision, so it only logs that."),
  drop_path_rate: z.number().min(0).lt(1).optional().describe(
    "Stochastic depth: the drop-path rate of the deepest block, for variants that have drop path (VMamba, MedMamba, EfficientVMamba, MambaVision); absent: the variant's own rate.",
  ),
  grad_accum_steps: int(1).default(1).describe(
    'Each batch goes through forward and backward in this many equal slices, one update per batch (batch_size stays the batch per update, ' +
    "unlike timm's --grad-accum-steps): less activation memory, BatchNorm per slice. Must divide batch_size.",
  ),
};

/** A single run's hyper-parameters, as a schema (the grid's keys are its dotted paths). */
export const trainSpecSchema = z.strictObject(trainFields);

/** Every dotted path into a TrainSpec, e.g. "optimizer.lr", "ema", "ema.decay": the keys a grid may vary. */
export const TRAIN_SPEC_PATHS: readonly string[] = schemaPaths(z.toJSONSchema(trainSpecSchema, { io: 'input' }) as JsonNode).map((p) => p.path);

const gridSchema = z.partialRecord(z.enum(TRAIN_SPEC_PATHS as [string, ...string[]]), z.array(z.unknown()).min(1))
  .transform((grid) => grid as Record<string, unknown[]>)
  .default({})
  .describe('Hyper-parameter sweep: a dotted TrainSpec path (e.g. "optimizer.lr", "ema.decay", "augment") to the list of values to try; every combination is a run.');

const experimentFileSchema = z.strictObject({
  $schema: z.string().optional().describe('The JSON Schema editors check this file against ("./schema.json"); not part of any run.'),
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/).describe('The experiment\'s name: the default report folder, reports/<name>.'),
  description: z.string().default('').describe('What the experiment is for; shown in the report.'),
  models: z.array(z.string().min(1)).min(1).describe('Registered variant names (`mambabench models` lists them).'),
  seeds: z.array(int(0)).min(1)
    .refine((s) => new Set(s).size === s.length, { message: 'must not repeat a seed' })
    .meta({ uniqueItems: true })
    .default([1]).describe('One run per seed (and model and grid cell).'),
  data: dataSchema,
  backend: z.enum(BACKENDS).default('auto').describe('tfjs backend; auto picks WebGPU on a hardware adapter, else wasm.'),
  ...trainFields,
  grid: gridSchema,
  jobs: int(1).default(1).describe("Runs trained at once, one process each (the CLI's --jobs overrides it)."),
  oom_retry: int(0).default(0).describe('How many times a run that ran out of memory is trained again with twice the gradient accumulation (same effective batch); 0: never.'),
}).describe('A mambabench experiment: models x seeds x grid cells, each trained as one run.');

/** The experiment file as validated: defaults filled in, shorthands expanded, cross-field rules checked. */
export const experimentSchema = experimentFileSchema
  .transform(({ $schema: _, ...experiment }) => experiment)
  .superRefine((e, ctx) => {
    const problem = (path: (string | number)[], message: string, value: unknown) => ctx.addIssue({ code: 'custom', path, message, params: { value } });
    const slices = e.grad_accum_steps;
    if (e.batch_size % slices !== 0) problem(['grad_accum_steps'], `must divide batch_size (${e.batch_size}) into equal slices`, slices);
    for (const b of e.grid.batch_size ?? []) {
      if (typeof b === 'number' && b % slices !== 0) problem(['grid', 'batch_size'], `every batch size must be a multiple of grad_accum_steps (${slices})`, b);
    }
    if (e.mixup && e.batch_size % 2 !== 0) problem(['batch_size'], 'must be even when mixup is on (timm mixes a batch with its reverse)', e.batch_size);
  });

export type SyntheticDataSpec = z.output<typeof syntheticDataSchema>;
export type FolderDataSpec = z.output<typeof folderDataSchema>;
export type DataSpec = SyntheticDataSpec | FolderDataSpec;
export type MixupSpec = z.output<typeof mixupSchema>;
export type OptimizerSpec = z.output<typeof optimizerSchema>;
export interface ScheduleSpec {
  name: 'cosine' | 'constant';
  t_max: number;
  eta_min: number;
  /** Present only when > 0. */
  warmup_epochs?: number;
}
export type Experiment = z.output<typeof experimentSchema>;
/** One run's hyper-parameters; grad_accum_steps is present only when > 1 (expand.ts). */
export type TrainSpec = Omit<z.output<typeof trainSpecSchema>, 'grad_accum_steps'> & { grad_accum_steps?: number };
