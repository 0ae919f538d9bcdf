import type { RunRecord, RunStatus } from '@mambabench/report';
import type { RunConfig } from '../experiment/expand';

/**
 * The record kept for a run that did not finish: its configuration, the error, and status
 * 'failed', or 'oom' when the error says memory ran out (failureStatus).
 */
export function failedRecord(cfg: RunConfig, error: string, startedAt: string, backend: string, status: Extract<RunStatus, 'failed' | 'oom'> = 'failed'): RunRecord {
  return {
    run_id: cfg.run_id,
    model: '',
    variant: cfg.model,
    params: 0,
    image_size: cfg.train.image_size,
    batch_size: cfg.train.batch_size,
    epochs: cfg.train.epochs,
    seed: cfg.seed,
    backend,
    best_val_acc: null,
    best_epoch: null,
    test_acc: null,
    peak_tensor_mb: null,
    peak_rss_mb: null,
    train_time_s: null,
    images_per_s: null,
    status,
    hyperparameters: { ...cfg.train, overrides: cfg.overrides },
    dataset: { name: '', fingerprint: '', counts: {} },
    curves: [],
    error,
    started_at: startedAt,
    finished_at: new Date().toISOString(),
  };
}
