import type { RunRecord } from '@mambabench/report';
import type { RunConfig } from '../experiment/expand';

/** The configuration with twice the gradient accumulation (half the images per pass), or null when the batch does not split further. */
export function halvedPass(cfg: RunConfig): RunConfig | null {
  const slices = (cfg.train.grad_accum_steps ?? 1) * 2;
  if (cfg.train.batch_size % slices !== 0) return null;
  return { ...cfg, train: { ...cfg.train, grad_accum_steps: slices } };
}

/**
 * Trains a run, and while it ends out of memory and `retries` allow, trains it again from the start
 * with half the images per forward pass and twice the gradient accumulation, so the effective batch
 * (and the update per batch) stays the same. The record's hyperparameters carry the
 * grad_accum_steps it finished with.
 */
export async function trainRetryingOutOfMemory(
  cfg: RunConfig, retries: number, train: (cfg: RunConfig, retry: boolean) => Promise<RunRecord>, log: (line: string) => void,
): Promise<RunRecord> {
  let current = cfg;
  let record = await train(current, false);
  for (let attempt = 1; record.status === 'oom' && attempt <= retries; attempt++) {
    const next = halvedPass(current);
    if (!next) {
      log(`out of memory; no retry: a batch of ${current.train.batch_size} does not split into ${(current.train.grad_accum_steps ?? 1) * 2} equal slices`);
      break;
    }
    const slices = next.train.grad_accum_steps!;
    log(`out of memory with ${current.train.batch_size / (slices / 2)} images per pass; retry ${attempt}/${retries} with ${slices} slices of ${current.train.batch_size / slices} (gradient accumulation, batch ${current.train.batch_size} unchanged)`);
    current = next;
    record = await train(current, true);
  }
  return record;
}
