import { describe, expect, it } from 'vitest';
import type { RunRecord } from '@mambabench/report';
import { summaryTable } from './summary-table';

const run = (variant: string, extra: Partial<RunRecord> = {}) => ({
  variant, seed: 1, params: 708_258, best_val_acc: 0.8086, best_epoch: 4, test_acc: 0.7578, train_time_s: 56.5,
  images_per_s: 69.9, peak_tensor_mb: 266.2, status: 'ok', ...extra,
}) as RunRecord;

describe('summaryTable', () => {
  it('prints one row per run with the CPU columns', () => {
    const lines = summaryTable([run('nnmamba3-scaled')]).split('\n');
    expect(lines[0]).not.toContain('GPU MiB');
    expect(lines[2]).toMatch(/^nnmamba3-scaled\s+1\s+708,258\s+80\.86%\s+4\s+75\.78%\s+56\.5\s+69\.9\s+266\s+ok$/);
  });

  it('adds a setting column when a grid varies something, so two runs of a variant tell apart', () => {
    const lr = (v: number) => ({ hyperparameters: { overrides: { 'optimizer.lr': v } } }) as Partial<RunRecord>;
    const lines = summaryTable([run('nnmamba3-scaled', lr(0.001)), run('nnmamba3-scaled', lr(0.003))]).split('\n');
    expect(lines[0]).toMatch(/^variant\s+setting\s+seed\s+params/);
    expect(lines[2]).toMatch(/^nnmamba3-scaled\s+lr=0\.001\s+1\s+708,258/);
    expect(lines[3]).toMatch(/^nnmamba3-scaled\s+lr=0\.003\s+1\s+708,258/);
  });

  it('adds a GPU MiB column when a run had a GPU, "-" for the others', () => {
    const lines = summaryTable([run('a', { gpu_memory_mb: 624.8 }), run('b')]).split('\n');
    expect(lines[0]).toMatch(/peak MB\s+GPU MiB\s+status$/);
    expect(lines[2]).toMatch(/266\s+625\s+ok$/);
    expect(lines[3]).toMatch(/266\s+-\s+ok$/);
  });
});
