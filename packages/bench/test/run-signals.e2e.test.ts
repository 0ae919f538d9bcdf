import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunRecord } from '@mambabench/report';
import { validateExperiment } from '../src/experiment/validate';
import { expandRuns } from '../src/experiment/expand';

const BIN = fileURLToPath(new URL('../bin/mambabench.js', import.meta.url));
// The same thread count for every process: wasm results are bit-identical only at equal counts.
const ENV = { ...process.env, MAMBABENCH_THREADS: '1' };

/** A run folder holding config.json: augmentation, mixup, EMA and drop-path all on, 4 epochs of 3 steps. */
function runDir(root: string, name: string): string {
  const exp = validateExperiment({
    name: 'signals', models: ['efficientvmamba-scaled'], seeds: [5],
    data: { kind: 'synthetic', train: 24, valid: 8, test: 8, seed: 0 },
    image_size: 32, batch_size: 4, eval_batch_size: 8, epochs: 4, max_steps_per_epoch: 3, backend: 'wasm',
    augment: 'published', ema: { decay: 0.9 }, mixup: { prob: 1 },
  }, 'signals.json');
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(expandRuns(exp, 'signals.json')[0]));
  return dir;
}

const runArgs = (dir: string, resume = false) => ['run', '--config', join(dir, 'config.json'), '--record', join(dir, 'record.json'), ...(resume ? ['--resume'] : [])];
const record = (dir: string) => JSON.parse(readFileSync(join(dir, 'record.json'), 'utf8')) as RunRecord;
const curves = (r: RunRecord) => r.curves.map(({ epoch_time_s: _, ...rest }) => rest);

/**
 * Starts `mambabench run`, sends the first signal once stdout shows epoch 1's line and each next one
 * once stderr acknowledged the one before (two signals sent together can merge into one), and
 * collects the outcome.
 */
function runAndSignal(dir: string, signals: NodeJS.Signals[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...runArgs(dir)], { env: ENV });
    let stdout = '';
    let stderr = '';
    let sent = 0;
    const acknowledged = () => (stderr.match(/SIG[A-Z]+: finishing the current step/g) ?? []).length;
    const next = () => {
      if (sent < signals.length && /epoch 1\/4 \| lr/.test(stdout) && acknowledged() === sent) child.kill(signals[sent++]);
    };
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk; next(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk; next(); });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('mambabench run on SIGTERM / SIGINT', () => {
  it('finishes the step, checkpoints, records "interrupted", exits 130 with a resume line; --resume then ends as an unbroken run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mb-signals-'));
    const whole = runDir(root, 'whole');
    execFileSync(process.execPath, [BIN, ...runArgs(whole)], { env: ENV, encoding: 'utf8' });

    const dir = runDir(root, 'stopped');
    const stopped = await runAndSignal(dir, ['SIGTERM']);
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/SIGTERM: finishing the current step, then saving a checkpoint/);
    const interrupted = record(dir);
    expect(interrupted.status).toBe('interrupted');
    expect(interrupted.stopped_at!.epoch).toBeGreaterThanOrEqual(1);
    expect(stopped.stdout).toMatch(/interrupted at epoch \d, step \d; checkpoint in .*last\. To continue exactly from there, run the same sweep command again$/m);

    const resumed = execFileSync(process.execPath, [BIN, ...runArgs(dir, true)], { env: ENV, encoding: 'utf8' });
    expect(resumed).toMatch(/resuming after epoch/);
    expect(record(dir).status).toBe('ok');
    expect(curves(record(dir))).toEqual(curves(record(whole)));
    expect(record(dir).predictions).toEqual(record(whole).predictions);
    expect(readFileSync(join(dir, 'last', 'tensors.bin')).equals(readFileSync(join(whole, 'last', 'tensors.bin')))).toBe(true);
  }, 300_000);

  it('a second SIGINT exits at once', async () => {
    const dir = runDir(mkdtempSync(join(tmpdir(), 'mb-signals-')), 'twice');
    const r = await runAndSignal(dir, ['SIGINT', 'SIGINT']);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/SIGINT: finishing the current step[^\n]*\n(.*\n)*SIGINT again: exiting now/);
    // It exits from the handler, whether or not the step's checkpoint was written by then.
    if (existsSync(join(dir, 'record.json'))) expect(record(dir).status).toBe('interrupted');
  }, 300_000);
});
