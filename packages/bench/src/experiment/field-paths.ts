import { experimentJsonSchema } from './json-schema';
import { schemaPaths } from './json-schema-paths';
import { describeAllowed } from './describe-allowed';
import { TRAIN_SPEC_PATHS } from './schema';

/** One settable field of an experiment file, for command-line overrides and their help. */
export interface FieldPath {
  /** Dotted path, e.g. "optimizer.lr", "ema.decay", "data.root". */
  path: string;
  /** The schema's description of the field. */
  description: string;
  /** What a value must be, e.g. "a number > 0 and <= 10". */
  allowed: string;
  /** Part of a run's TrainSpec: a grid (or a per-run override) may vary it. */
  trainSpec: boolean;
  /** A list of any length (models, seeds), not a fixed tuple such as optimizer.betas. */
  list: boolean;
}

/** Every settable dotted path of an experiment file, in file order ($schema left out: it sets nothing). */
export function fieldPaths(): FieldPath[] {
  return schemaPaths(experimentJsonSchema())
    .filter(({ path }) => path !== '$schema')
    .map(({ path, node }) => ({
      path, description: node.description ?? '', allowed: describeAllowed(node), trainSpec: isTrainSpecPath(path), list: node.type === 'array' && !node.prefixItems,
    }));
}

/** Whether a dotted path lies in a run's TrainSpec, i.e. a grid may vary it. */
export const isTrainSpecPath = (path: string): boolean => TRAIN_SPEC_PATHS.includes(path);
