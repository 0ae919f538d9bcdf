import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { arrayScript, reportScript, sbatchQuote, type SlurmJob } from './slurm-script';

const dir = mkdtempSync(join(tmpdir(), 'slurm-script-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Stands in for bin/mambabench.js: prints the arguments, the folder and the environment it got.
const echoCli = join(dir, "echo cli's.js");
writeFileSync(echoCli, 'console.log(JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), threads: process.env.MAMBABENCH_THREADS, stall: process.env.MAMBABENCH_STALL_MINUTES }))');

const awkward = `it's a "test" $HOME \`x\` ; | & *`;
const job = (over: Partial<SlurmJob> = {}): SlurmJob => ({
  name: 'mambabench-tiny',
  tasks: 3,
  workdir: dir,
  node: process.execPath,
  cli: echoCli,
  sweepArgs: ['--experiment', join(dir, 'my experiments', 'tiny.json'), '--out', join(dir, 'out'), '--models', awkward, '--resume'],
  outDir: join(dir, 'out'),
  logDir: join(dir, 'out', 'slurm', 'logs'),
  env: { MAMBABENCH_STALL_MINUTES: "5 'minutes'" },
  slurm: { partition: 'gpu', time: '04:00:00', gpus: '1', cpusPerTask: '4', mem: '16G', account: 'lab', extra: ['--qos=high'] },
  ...over,
});

/** Runs a script with bash the way a Slurm task would: the array task id in the environment. */
function runAsTask(script: string, taskId?: number) {
  const path = join(dir, 'job.sbatch');
  writeFileSync(path, script);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, SLURM_CPUS_PER_TASK: '4' };
  if (taskId !== undefined) env.SLURM_ARRAY_TASK_ID = String(taskId);
  return spawnSync('bash', [path], { encoding: 'utf8', env, cwd: tmpdir() });
}

describe('the sbatch job array script', () => {
  it('asks Slurm for one task per run, with the settings given', () => {
    const lines = arrayScript(job()).split('\n');
    expect(lines[0]).toBe('#!/bin/bash');
    const sbatch = lines.filter((l) => l.startsWith('#SBATCH'));
    expect(sbatch).toEqual([
      '#SBATCH --job-name=mambabench-tiny',
      '#SBATCH --array=1-3',
      `#SBATCH --output=${join(dir, 'out', 'slurm', 'logs')}/%x_%A_%a.out`,
      '#SBATCH --partition=gpu',
      '#SBATCH --account=lab',
      '#SBATCH --time=04:00:00',
      '#SBATCH --gpus=1',
      '#SBATCH --cpus-per-task=4',
      '#SBATCH --mem=16G',
      '#SBATCH --qos=high',
    ]);
    // sbatch stops reading options at the first line that is not a comment
    const lastSbatch = lines.map((l) => l.startsWith('#SBATCH')).lastIndexOf(true);
    expect(lines.findIndex((l) => !l.startsWith('#'))).toBeGreaterThan(lastSbatch);
  });

  it('task i runs the sweep with the flags exactly as given (spaces, quotes, $, backticks) and --shard i/N, in the workspace root', () => {
    const r = runAsTask(arrayScript(job()), 2);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      argv: ['sweep', ...job().sweepArgs, '--shard', '2/3'],
      cwd: dir,
      threads: '4',
      stall: "5 'minutes'",
    });
  });

  it('uses MAMBABENCH_THREADS when the submitting shell set it, else the cores Slurm gave the task', () => {
    const r = runAsTask(arrayScript(job({ env: { MAMBABENCH_THREADS: '2' } })), 1);
    expect(JSON.parse(r.stdout).threads).toBe('2');
    const none = runAsTask(arrayScript(job({ env: {}, slurm: {} })), 1);
    expect(JSON.parse(none.stdout).threads).toBeUndefined();
  });

  it('refuses to run outside an array task, saying why', () => {
    const r = runAsTask(arrayScript(job()));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('submit this script with sbatch: it is a job array');
    expect(r.stdout).toBe('');
  });

  it('the report job rebuilds the sweep folder, with no GPU and no array', () => {
    const text = reportScript(job());
    expect(text).toContain('#SBATCH --job-name=mambabench-tiny-report');
    expect(text).not.toMatch(/--array|--gpus|--cpus-per-task|--mem/);
    expect(JSON.parse(runAsTask(text).stdout).argv).toEqual(['report', '--out', join(dir, 'out')]);
  });

  it('quotes #SBATCH values the way sbatch reads them, and refuses line breaks', () => {
    expect(sbatchQuote('gpu-a100')).toBe('gpu-a100');
    expect(sbatchQuote('my job #1 "x"')).toBe('"my job \\#1 \\"x\\""');
    expect(() => sbatchQuote('a\nb')).toThrow('cannot hold a line break');
    expect(() => arrayScript(job({ slurm: { extra: ['--qos=high\n#SBATCH --x'] } }))).toThrow('--sbatch cannot hold a line break');
    expect(() => arrayScript(job({ tasks: 0 }))).toThrow('at least one task, got 0');
  });
});
