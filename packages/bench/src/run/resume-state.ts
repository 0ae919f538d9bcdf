import { join } from 'node:path';
import { checkpointMeta, loadCheckpoint, saveCheckpoint, type AdamW, type ModelEma, type Module, type StepMeterTotals } from '@mambabench/core';
import type { EpochRecord } from '@mambabench/report';
import type { RngState } from '@mambabench/random';

/**
 * Bumped whenever what a run needs to continue exactly changes: a checkpoint of another format
 * is not resumed (the run starts over and says why) rather than continued inexactly.
 */
export const RESUME_FORMAT = 2;

/** What a run needs to continue exactly where it stopped. */
export interface ResumeState {
  resume_format: number;
  config_hash: string;
  /** Finished epochs; an epoch in progress is `in_epoch`. */
  epochs_done: number;
  curves: EpochRecord[];
  best: { acc: number; epoch: number } | null;
  train_seconds: number;
  step_seconds: number;
  images_seen: number;
  /**
   * Every random stream's state (random-streams.ts). The shuffle's is as of the start of epoch
   * `epochs_done + 1`, before it drew that epoch's order: a resumed run draws the order again.
   */
  random: Record<string, RngState>;
  /** Set when the run stopped part-way through epoch `epochs_done + 1`: the steps done and their totals. */
  in_epoch: { steps_done: number; meter: StepMeterTotals; seconds: number } | null;
}

/**
 * `last/` holds the model, the optimizer and the EMA shadow as the run stopped, plus its
 * progress; `best/` holds the best-valid weights. Both are rewritten atomically each time, so a
 * run killed at any point resumes from its last checkpoint, exactly as if it had not stopped.
 */
export function saveLast(runDir: string, model: Module, optimizer: AdamW, ema: ModelEma | null, state: ResumeState): Promise<void> {
  return saveCheckpoint(join(runDir, 'last'), model, optimizer, state as unknown as Record<string, unknown>, ema ?? undefined);
}

export function saveBest(runDir: string, model: Module, meta: Record<string, unknown>): Promise<void> {
  return saveCheckpoint(join(runDir, 'best'), model, undefined, meta);
}

/** The checkpoint's state after loading it, or why there is none to continue from. */
export type LoadedLast = { state: ResumeState } | { state: null; why: string };

export function loadLast(runDir: string, model: Module, optimizer: AdamW, ema: ModelEma | null, configHash: string): LoadedLast {
  const dir = join(runDir, 'last');
  // checkpointMeta also finishes a save that was killed mid-swap, so that run resumes too.
  const meta = checkpointMeta(dir) as ResumeState | null;
  if (meta === null) return { state: null, why: 'no checkpoint' };
  if (meta.config_hash !== configHash) return { state: null, why: 'the checkpoint is of another configuration' };
  if (meta.resume_format !== RESUME_FORMAT) {
    return { state: null, why: `the checkpoint is of an older version (resume format ${meta.resume_format ?? 1}, this one ${RESUME_FORMAT}) and could not continue exactly` };
  }
  loadCheckpoint(dir, model, optimizer, ema ?? undefined);
  return { state: meta };
}

export function loadBest(runDir: string, model: Module): void {
  loadCheckpoint(join(runDir, 'best'), model);
}
