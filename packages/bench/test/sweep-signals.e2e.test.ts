import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ExperimentResults, RunRecord } from '@mambabench/report';

const BIN = fileURLToPath(new URL('../bin/mambabench.js', import.meta.url));
const ENV = { ...process.env, MAMBABENCH_THREADS: '1' };

function experiment(dir: string): string {
  const file = join(dir, 'stop.json');
  writeFileSync(file, JSON.stringify({
    name: 'stop', models: ['nnmamba3-scaled'], seeds: [1, 2], jobs: 1,
    data: { kind: 'synthetic', train: 16, valid: 8, test: 8, seed: 0 },
    image_size: 32, batch_size: 4, eval_batch_size: 8, epochs: 3, max_steps_per_epoch: 2, backend: 'wasm', ema: { decay: 0.9 },
  }));
  return file;
}

const results = (out: string) => JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as ExperimentResults;
const curves = (r: RunRecord) => r.curves.map(({ epoch_time_s: _, ...rest }) => rest);

describe('mambabench sweep on Ctrl-C', () => {
  it('Ctrl-C (SIGINT to the process group): the running run checkpoints, no new run starts, exit 130; the same command again ends as an unbroken sweep', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-sweep-stop-'));
    const exp = experiment(dir);
    const whole = join(dir, 'whole');
    execFileSync(process.execPath, [BIN, 'sweep', '--experiment', exp, '--out', whole], { env: ENV, encoding: 'utf8' });

    const out = join(dir, 'stopped');
    // Its own process group, as a shell gives a foreground job: the SIGINT reaches the sweep and its run.
    const sweep = spawn(process.execPath, [BIN, 'sweep', '--experiment', exp, '--out', out], { env: ENV, detached: true });
    let stdout = '';
    let stderr = '';
    let sent = false;
    sweep.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      if (!sent && /run 1\/2 \S+ \| epoch 1\/3 \| lr/.test(stdout)) {
        sent = true;
        process.kill(-sweep.pid!, 'SIGINT');
      }
    });
    sweep.stderr.on('data', (chunk: Buffer) => { stderr += chunk; });
    const code = await new Promise((resolve) => sweep.on('close', resolve));
    expect(code).toBe(130);
    expect(stdout + stderr).toMatch(/SIGINT: stopping the sweep/);
    expect(stderr).toMatch(/sweep interrupted: stopped runs saved a checkpoint\. Run the same command again to continue exactly from there\./);
    expect(results(out).runs.map((r) => r.status)).toEqual(['interrupted']); // run 2 never started

    execFileSync(process.execPath, [BIN, 'sweep', '--experiment', exp, '--out', out], { env: ENV, encoding: 'utf8' });
    const resumed = results(out).runs;
    expect(resumed.map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(resumed.map(curves)).toEqual(results(whole).runs.map(curves));
    expect(resumed.map((r) => r.test_acc)).toEqual(results(whole).runs.map((r) => r.test_acc));
  }, 300_000);
});
