import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '@mambabench/report';

/**
 * `mambabench slurm --submit` against a real Slurm: a single-node cluster (tools/slurm/local-cluster.sh)
 * in a temp folder runs a two-run sweep as a job array, then the report job. Where the daemons
 * cannot start (not root, slurm-wlm or munge missing, a daemon fails) it skips with the reason.
 */
const CLUSTER = fileURLToPath(new URL('../../../../tools/slurm/local-cluster.sh', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/mambabench.js', import.meta.url));
const WAIT_MS = 300_000;

const tiny = {
  name: 'tiny-slurm',
  description: 'two seeds of the smallest nnMamba, one epoch of two steps at 32 px, synthetic',
  models: ['nnmamba3-scaled'],
  seeds: [1, 2],
  data: { kind: 'synthetic', train: 64, valid: 32, test: 32, seed: 0 },
  image_size: 32,
  batch_size: 16,
  eval_batch_size: 32,
  epochs: 1,
  max_steps_per_epoch: 2,
  augment: 'none',
  jobs: 1,
};

describe('mambabench slurm on a real single-node Slurm cluster', () => {
  it('runs every run of the sweep as one array task each, then the report job', async (ctx) => {
    const dir = mkdtempSync(join(tmpdir(), 'mambabench-slurm-'));
    const clusterDir = join(dir, 'cluster');
    const out = join(dir, 'out dir');
    mkdirSync(clusterDir);
    const started = spawnSync('bash', [CLUSTER, 'start', clusterDir], { encoding: 'utf8' });
    try {
      if (started.status !== 0) {
        const why = `no Slurm cluster: ${(started.stderr || started.error?.message || `exit ${started.status}`).trim()}`;
        console.warn(`SKIPPED (slurm cluster test): ${why}`);
        ctx.skip(why);
        return;
      }
      const env = { ...process.env, SLURM_CONF: join(clusterDir, 'slurm.conf') };
      const experiment = join(dir, 'tiny.json');
      writeFileSync(experiment, JSON.stringify(tiny));
      const submitted = spawnSync(process.execPath, [BIN, 'slurm', '--experiment', experiment, '--out', out, '--jobs', '1', '--job-name', 'mb tiny "#1"', '--submit'], { encoding: 'utf8', env, cwd: dir });
      expect(submitted.stderr).toBe('');
      expect(submitted.status).toBe(0);
      const ids = /submitted job array (\d+) \(2 task\(s\)\) and report job (\d+)/.exec(submitted.stdout);
      expect(ids, submitted.stdout).not.toBeNull();
      const [arrayId, reportId] = [ids![1], ids![2]];

      // Wait until neither the array nor the report job is pending, running or completing.
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        const q = spawnSync('squeue', ['-h', '-t', 'PD,R,CG,CF,S', '-j', `${arrayId},${reportId}`, '-o', '%i %T'], { encoding: 'utf8', env });
        if (q.status === 0 && q.stdout.trim() === '') break;
        if (Date.now() > deadline) throw new Error(`jobs still queued after ${WAIT_MS / 1000} s:\n${q.stdout}${q.stderr}`);
        await new Promise((r) => setTimeout(r, 2000));
      }

      // Slurm's own account of the jobs (jobcomp/filetxt): two array tasks and the report, all completed.
      const ended = readFileSync(join(clusterDir, 'jobcomp.txt'), 'utf8').split('\n').filter((l) => new RegExp(`ArrayJobId=${arrayId} |JobId=${reportId} `).test(l));
      expect(ended.map((l) => /JobState=(\S+)/.exec(l)![1]), ended.join('\n')).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
      expect(ended.filter((l) => l.includes(`Name=mb tiny "#1" `))).toHaveLength(2);
      expect(ended.filter((l) => l.includes(`Name=mb tiny "#1"-report `))).toHaveLength(1);

      // Each task trained its own run: shard i/2 holds exactly run i, and the store has every run's record.
      const logs = join(out, 'slurm', 'logs');
      for (const task of [1, 2]) {
        const log = readFileSync(join(logs, `mb tiny "#1"_${arrayId}_${task}.out`), 'utf8');
        expect(log).toContain(`1 run(s) (1 model(s) x 1 setting(s) x 1 seed(s)) of the experiment's 2, shard ${task}/2`);
        expect(log).toContain(`nnmamba3-scaled__s${task} | done`);
      }
      const records = readdirSync(join(out, 'runs')).map((run) => JSON.parse(readFileSync(join(out, 'runs', run, 'record.json'), 'utf8')) as RunRecord);
      expect(records.map((r) => [r.run_id, r.status, r.seed]).sort()).toEqual([['nnmamba3-scaled__s1', 'ok', 1], ['nnmamba3-scaled__s2', 'ok', 2]]);
      // No lock outlives its run.
      for (const run of readdirSync(join(out, 'runs'))) expect(existsSync(join(out, 'runs', run, 'lock'))).toBe(false);

      // The report job rebuilt the report from the store: both runs, in the experiment's order.
      const report = readFileSync(join(logs, `mb tiny "#1"-report_${reportId}.out`), 'utf8');
      expect(report).toMatch(/2 run\(s\) -> index\.html, results\.csv/);
      expect(existsSync(join(out, 'index.html'))).toBe(true);
      const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { runs: RunRecord[] };
      expect(results.runs.map((r) => r.run_id)).toEqual(['nnmamba3-scaled__s1', 'nnmamba3-scaled__s2']);
    } finally {
      const stopped = spawnSync('bash', [CLUSTER, 'stop', clusterDir], { encoding: 'utf8' });
      if (stopped.status !== 0) console.warn(`stopping the test cluster: ${stopped.stderr}`);
      rmSync(dir, { recursive: true, force: true });
    }
  }, WAIT_MS + 120_000);
});
