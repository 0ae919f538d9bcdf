import { InputError } from '../input-error';

/** One worker's share of a sweep: shard `index` of `count` (1-based, like Slurm's --array=1-N). */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Parses `--shard i/n` (1 <= i <= n). 1-based so that a Slurm array task passes
 * $SLURM_ARRAY_TASK_ID straight through.
 */
export function parseShard(value: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || index < 1 || index > count) {
    throw new InputError(`--shard must be i/n with 1 <= i <= n, got '${value}'`);
  }
  return { index, count };
}

/**
 * The runs of `shard`: run k (0-based, in expansion order) belongs to shard (k % n) + 1. Round
 * robin rather than contiguous blocks, so each shard gets a mix of models and seeds, and it depends
 * only on the expansion order, so every worker computes the same split without talking to the others.
 */
export function shardRuns<T>(runs: readonly T[], shard: Shard | undefined): T[] {
  if (!shard) return [...runs];
  return runs.filter((_, k) => k % shard.count === shard.index - 1);
}
