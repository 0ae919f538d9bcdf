import type { Module } from './nn/module';
import { registerModel, type ModelBuildOptions, type ModelSize } from './registry';

/** One row of a family's table: a named configuration of the family's model. */
export interface ModelVariant<Config> {
  /** Unique variant name used in experiment files, e.g. "nnmamba3-scaled". */
  name: string;
  size: ModelSize;
  description: string;
  /** Everything the model needs except what the run decides (ModelBuildOptions). */
  config: Config;
  /**
   * Exact parameter count at 2 classes, 3 input channels; a function of the image size where the
   * model has size-dependent parameters (Vim's pos_embed).
   */
  params: number | ((imageSize: number, config: Config) => number);
}

/**
 * A model family as a package exports it: how to build a config, and the table of variants. A
 * package that varies a family imports this object and registers it with its own source and
 * variants (the model code stays in the family's package, so its fixes reach the variants).
 */
export interface ModelFamily<Config> {
  /** Family shown in reports, e.g. "nnMamba". */
  family: string;
  /** The registering package, e.g. "@mambabench/nnmamba"; the registry names it when two packages claim a variant. */
  source: string;
  create: (config: Config, options: ModelBuildOptions) => Module;
  variants: readonly ModelVariant<Config>[];
}

/** Registers every variant of the family's table under its source. */
export function registerFamily<Config>({ family, source, create, variants }: ModelFamily<Config>): void {
  const seen = new Set<string>();
  for (const variant of variants) {
    // The registry lets a package re-register its own names (a second import), so a repeated row would silently replace the first.
    if (seen.has(variant.name)) throw new Error(`registerFamily: ${source} lists the variant "${variant.name}" twice`);
    seen.add(variant.name);
    const { name, size, description, config, params } = variant;
    registerModel({
      name, family, size, description,
      build: (options) => create(withRunOptions(name, config, options), options),
      expectedParams: typeof params === 'number' ? () => params : (imageSize) => params(imageSize, config),
    }, source);
  }
}

/** The named row of a family's table, for a package that starts a variant from it. */
export function familyVariant<Config>(family: ModelFamily<Config>, name: string): ModelVariant<Config> {
  const variant = family.variants.find((v) => v.name === name);
  if (!variant) throw new Error(`${family.source} has no variant "${name}" (it has: ${family.variants.map((v) => v.name).join(', ')})`);
  return variant;
}

/** A run option (ModelBuildOptions) that a variant cannot take; `option` is the experiment field. */
export class ModelOptionError extends Error {
  constructor(readonly option: string, message: string) {
    super(message);
    this.name = 'ModelOptionError';
  }
}

/**
 * The row's config with what the run sets in place of the row's own values. A drop-path rate
 * for a variant without drop path would be silently ignored, so it is an error naming the variant.
 */
function withRunOptions<Config>(name: string, config: Config, options: ModelBuildOptions): Config {
  if (options.dropPathRate === undefined) return config;
  if (typeof config !== 'object' || config === null || !('dropPathRate' in config)) {
    throw new ModelOptionError('drop_path_rate', `${name} has no stochastic depth, so drop_path_rate cannot be set for it (only variants whose config has a dropPathRate take it)`);
  }
  if (!(options.dropPathRate >= 0 && options.dropPathRate < 1)) throw new ModelOptionError('drop_path_rate', `drop_path_rate must be in [0, 1), got ${options.dropPathRate}`);
  return { ...config, dropPathRate: options.dropPathRate };
}
