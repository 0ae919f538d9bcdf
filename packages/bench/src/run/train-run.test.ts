import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '@mambabench/core';
import type { RunRecord } from '@mambabench/report';
import { validateExperiment } from '../experiment/validate';
import { expandRuns, type RunConfig } from '../experiment/expand';
import { loadModelPackages } from '../discover';
import { trainRun } from './train-run';

/**
 * Every random stream on: published augmentation (rotation, blur, colour jitter), mixup/cutmix
 * on every batch, EMA, and a model with drop-path (efficientvmamba-scaled, rate 0.2); 3 epochs of
 * 3 steps on 32-px synthetic images.
 */
function tinyConfig(overrides: Record<string, unknown> = {}): RunConfig {
  const exp = validateExperiment({
    name: 'resume', models: ['efficientvmamba-scaled'], seeds: [3],
    data: { kind: 'synthetic', train: 24, valid: 8, test: 8, seed: 0 },
    image_size: 32, batch_size: 4, eval_batch_size: 8, epochs: 3, max_steps_per_epoch: 3, backend: 'wasm',
    augment: 'published', ema: { decay: 0.9 }, mixup: { prob: 1 }, ...overrides,
  }, 'resume.json');
  return expandRuns(exp, 'resume.json')[0];
}

/** A stop signal that turns on after `steps` checks: trainRun checks once per step, then once after each epoch. */
function stopAfter(checks: number): AbortSignal {
  let n = 0;
  return { get aborted() { return ++n > checks; } } as AbortSignal;
}

const quiet = () => {};
const bytes = (runDir: string, which: 'last' | 'best') => readFileSync(join(runDir, which, 'tensors.bin'));
/** Curves without the wall-clock epoch time, which no two runs share. */
const curves = (r: RunRecord) => r.curves.map(({ epoch_time_s: _, ...rest }) => rest);

describe('trainRun stop and resume', () => {
  it('a run stopped part-way through epochs (and at an epoch\'s last step) and resumed ends bit-identical to an unbroken run', async () => {
    await loadModelPackages();
    const cfg = tinyConfig();
    const whole = mkdtempSync(join(tmpdir(), 'mb-whole-'));
    const unbroken = await trainRun(cfg, { label: 'whole', runDir: whole, resume: false, log: quiet });
    const tensors = [tf.memory().numTensors];
    expect(unbroken.status).toBe('ok');
    expect(unbroken.curves).toHaveLength(3);

    const dir = mkdtempSync(join(tmpdir(), 'mb-broken-'));
    // Stops after step 5 (epoch 2, step 2 of 3), then after step 6 (epoch 2's last), then runs to the end.
    const first = await trainRun(cfg, { label: 'a', runDir: dir, resume: false, log: quiet, stop: stopAfter(5) });
    expect(first).toMatchObject({ status: 'interrupted', stopped_at: { epoch: 2, step: 2 }, test_acc: null, best_epoch: 1 });
    expect(first.predictions).toBeUndefined();
    tensors.push(tf.memory().numTensors);
    expect(curves(first)).toEqual(curves(unbroken).slice(0, 1));
    const second = await trainRun(cfg, { label: 'b', runDir: dir, resume: true, log: quiet, stop: stopAfter(0) });
    expect(second).toMatchObject({ status: 'interrupted', stopped_at: { epoch: 2, step: 3 } });
    tensors.push(tf.memory().numTensors);
    const lines: string[] = [];
    const last = await trainRun(cfg, { label: 'c', runDir: dir, resume: true, log: (l) => lines.push(l) });
    tensors.push(tf.memory().numTensors);
    expect(lines.join('\n')).toMatch(/resuming after epoch 1 and 3 step\(s\) of epoch 2/);
    expect(last.status).toBe('ok');
    expect(last.hyperparameters).toMatchObject({ resumed_after_epoch: 1, resumed_at_step: 3 });
    expect(curves(last)).toEqual(curves(unbroken));
    expect(last.test_acc).toBe(unbroken.test_acc);
    expect(last.predictions).toEqual(unbroken.predictions);
    // Weights, optimizer moments and EMA shadow (last/), and the best-valid weights (best/), byte for byte.
    expect(bytes(dir, 'last').equals(bytes(whole, 'last'))).toBe(true);
    expect(bytes(dir, 'best').equals(bytes(whole, 'best'))).toBe(true);
    // A stopped run leaves no more tensors behind than a finished one. (Every trainRun leaves the
    // same few hundred, stopped or not, the unbroken one included: not from the stop path.)
    const left = tensors.slice(1).map((n, i) => n - tensors[i]);
    expect(new Set(left).size).toBe(1);
  }, 300_000);

  it('a run stopped between epochs resumes with the next epoch and ends bit-identical', async () => {
    await loadModelPackages();
    const cfg = tinyConfig({ seeds: [4], augment: 'dr_dataset' });
    const whole = mkdtempSync(join(tmpdir(), 'mb-whole-'));
    const unbroken = await trainRun(cfg, { label: 'whole', runDir: whole, resume: false, log: quiet });
    const dir = mkdtempSync(join(tmpdir(), 'mb-broken-'));
    // 3 step checks, then the check after epoch 1's evaluation stops it.
    const first = await trainRun(cfg, { label: 'a', runDir: dir, resume: false, log: quiet, stop: stopAfter(3) });
    expect(first).toMatchObject({ status: 'interrupted', stopped_at: { epoch: 1, step: 3 } });
    expect(first.curves).toHaveLength(1);
    const lines: string[] = [];
    const last = await trainRun(cfg, { label: 'b', runDir: dir, resume: true, log: (l) => lines.push(l) });
    expect(lines.join('\n')).toMatch(/resuming after epoch 1 \(best valid/);
    expect(curves(last)).toEqual(curves(unbroken));
    expect(bytes(dir, 'last').equals(bytes(whole, 'last'))).toBe(true);
  }, 300_000);

  it('a NaN loss stops the run as diverged, naming the epoch and step, with the best epoch before it evaluated', async () => {
    await loadModelPackages();
    // Warmup keeps epoch 1 finite; then steps of ~1e10 per weight overflow the forward pass.
    const cfg = tinyConfig({ models: ['nnmamba3-scaled'], seeds: [1], augment: 'none', ema: null, mixup: null, schedule: { name: 'cosine', warmup_epochs: 1 } });
    cfg.train.optimizer.lr = 1e10; // past what an experiment file may ask for (<= 10), as a run config may hold
    const dir = mkdtempSync(join(tmpdir(), 'mb-diverge-'));
    const lines: string[] = [];
    const r = await trainRun(cfg, { label: 'd', runDir: dir, resume: false, log: (l) => lines.push(l) });
    expect(r).toMatchObject({ status: 'diverged', stopped_at: { epoch: 2, step: 3 }, error: 'loss became NaN at epoch 2, step 3', best_epoch: 1 });
    expect(r.curves).toHaveLength(1);
    expect(r.test_acc).not.toBeNull();
    expect(r.predictions?.test?.labels).toHaveLength(8);
    expect(lines.join('\n')).toMatch(/diverged: loss became NaN at epoch 2, step 3; stopping with the best epoch so far \(1\)/);
    // last/ keeps epoch 1's finite state: the diverged steps are not checkpointed.
    expect(JSON.parse(readFileSync(join(dir, 'last', 'manifest.json'), 'utf8')).meta.epochs_done).toBe(1);
  }, 300_000);
});
