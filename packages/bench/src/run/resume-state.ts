import { join } from 'node:path';
import { checkpointMeta, loadCheckpoint, saveCheckpoint, type AdamW, type Module } from '@mambabench/core';
import type { EpochRecord } from '@mambabench/report';

/** What a run needs to continue after its last finished epoch. */
export interface ResumeState {
  config_hash: string;
  epochs_done: number;
  curves: EpochRecord[];
  best: { acc: number; epoch: number } | null;
  train_seconds: number;
  step_seconds: number;
  images_seen: number;
}

/**
 * `last/` holds the model and optimizer after the latest epoch plus the run's progress; `best/`
 * holds the best-valid weights. Both are rewritten atomically each time, so a run killed at any
 * point resumes from its last complete epoch (restoring weights, best accuracy and epoch, as the
 * published script's resume does).
 */
export function saveLast(runDir: string, model: Module, optimizer: AdamW, state: ResumeState): Promise<void> {
  return saveCheckpoint(join(runDir, 'last'), model, optimizer, state as unknown as Record<string, unknown>);
}

export function saveBest(runDir: string, model: Module, meta: Record<string, unknown>): Promise<void> {
  return saveCheckpoint(join(runDir, 'best'), model, undefined, meta);
}

export function loadLast(runDir: string, model: Module, optimizer: AdamW, configHash: string): ResumeState | null {
  const dir = join(runDir, 'last');
  // checkpointMeta also finishes a save that was killed mid-swap, so that run resumes too.
  const meta = checkpointMeta(dir) as ResumeState | null;
  if (meta === null) return null;
  if (meta.config_hash !== configHash) return null; // a checkpoint of a different configuration
  loadCheckpoint(dir, model, optimizer);
  return meta;
}

export function loadBest(runDir: string, model: Module): void {
  loadCheckpoint(join(runDir, 'best'), model);
}
