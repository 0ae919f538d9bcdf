import { describe, expect, it } from 'vitest';
import type { RunRecord } from '@mambabench/report';
import type { RunConfig } from '../experiment/expand';
import { halvedPass, trainRetryingOutOfMemory } from './oom-retry';

const cfg = (batch: number, slices?: number) => ({ run_id: 'r', train: { batch_size: batch, ...(slices ? { grad_accum_steps: slices } : {}) } }) as unknown as RunConfig;

/** A run that runs out of memory while a pass takes more than `limit` images. */
const trainer = (limit: number) => {
  const tried: { pass: number; retry: boolean }[] = [];
  const train = async (c: RunConfig, retry: boolean) => {
    const pass = c.train.batch_size / (c.train.grad_accum_steps ?? 1);
    tried.push({ pass, retry });
    return { status: pass > limit ? 'oom' : 'ok', hyperparameters: { ...c.train } } as unknown as RunRecord;
  };
  return { tried, train };
};

describe('trainRetryingOutOfMemory', () => {
  it('halves the images per pass until the run fits, keeping the batch, within the retries allowed', async () => {
    const { tried, train } = trainer(8);
    const lines: string[] = [];
    const r = await trainRetryingOutOfMemory(cfg(32), 3, train, (l) => lines.push(l));
    expect(r.status).toBe('ok');
    expect(r.hyperparameters).toMatchObject({ batch_size: 32, grad_accum_steps: 4 });
    expect(tried).toEqual([{ pass: 32, retry: false }, { pass: 16, retry: true }, { pass: 8, retry: true }]);
    expect(lines[0]).toBe('out of memory with 32 images per pass; retry 1/3 with 2 slices of 16 (gradient accumulation, batch 32 unchanged)');
  });

  it('gives up after the retries allowed, or when the batch does not split further, and keeps the out-of-memory record', async () => {
    const few = trainer(1);
    expect((await trainRetryingOutOfMemory(cfg(32), 2, few.train, () => {})).status).toBe('oom');
    expect(few.tried.map((t) => t.pass)).toEqual([32, 16, 8]);
    const none = trainer(1);
    expect((await trainRetryingOutOfMemory(cfg(32), 0, none.train, () => {})).status).toBe('oom');
    expect(none.tried).toHaveLength(1);
    const odd = trainer(1);
    const lines: string[] = [];
    expect((await trainRetryingOutOfMemory(cfg(6), 5, odd.train, (l) => lines.push(l))).status).toBe('oom');
    expect(odd.tried.map((t) => t.pass)).toEqual([6, 3]);
    expect(lines.at(-1)).toBe('out of memory; no retry: a batch of 6 does not split into 4 equal slices');
    expect(halvedPass(cfg(6, 2))).toBeNull();
    expect(halvedPass(cfg(8, 2))!.train.grad_accum_steps).toBe(4);
  });
});
