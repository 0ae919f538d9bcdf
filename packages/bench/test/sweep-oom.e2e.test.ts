import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ExperimentResults } from '@mambabench/report';

const BIN = fileURLToPath(new URL('../bin/mambabench.js', import.meta.url));
// Runs fail as the wasm heap's abort does when a pass takes more than 4 images (run/fault-injection.ts).
const ENV = { ...process.env, MAMBABENCH_THREADS: '1', MAMBABENCH_INJECT_OOM_ABOVE: '4' };

function sweep(dir: string, oomRetry: number) {
  const file = join(dir, `oom${oomRetry}.json`);
  writeFileSync(file, JSON.stringify({
    name: 'oom', models: ['nnmamba3-scaled'], seeds: [1], oom_retry: oomRetry,
    data: { kind: 'synthetic', train: 16, valid: 8, test: 8, seed: 0 },
    image_size: 32, batch_size: 8, eval_batch_size: 8, epochs: 1, max_steps_per_epoch: 2, backend: 'wasm',
  }));
  const out = join(dir, `out${oomRetry}`);
  const r = spawnSync(process.execPath, [BIN, 'sweep', '--experiment', file, '--out', out], { env: ENV, encoding: 'utf8' });
  return { ...r, results: JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as ExperimentResults, out };
}

describe('sweep when a run runs out of memory', () => {
  it('records status oom with the error and shows it in the report; oom_retry trains it again at half the pass with the same batch', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-oom-'));
    const plain = sweep(dir, 0);
    expect(plain.status).toBe(1);
    expect(plain.results.runs.map((r) => r.status)).toEqual(['oom']);
    expect(plain.results.runs[0]!.error).toMatch(/Aborted\(OOM\) \(injected: 8 images per pass > MAMBABENCH_INJECT_OOM_ABOVE=4\)/);
    expect(plain.stdout).toMatch(/nnmamba3-scaled__s1 ended: out of memory: Aborted\(OOM\)/);
    expect(readFileSync(join(plain.out, 'results.csv'), 'utf8')).toMatch(/,oom\n/);
    expect(readFileSync(join(plain.out, 'index.html'), 'utf8')).toContain('out of memory: Aborted(OOM)');

    const retried = sweep(dir, 1);
    expect(retried.status).toBe(0);
    expect(retried.stdout).toMatch(/out of memory with 8 images per pass; retry 1\/1 with 2 slices of 4 \(gradient accumulation, batch 8 unchanged\)/);
    expect(retried.stdout).toMatch(/gradient accumulation: each batch of 8 in 2 slices of 4 images, one update per batch/);
    const run = retried.results.runs[0]!;
    expect(run.status).toBe('ok');
    expect(run.batch_size).toBe(8);
    expect(run.hyperparameters).toMatchObject({ batch_size: 8, grad_accum_steps: 2 });
  }, 300_000);
});
