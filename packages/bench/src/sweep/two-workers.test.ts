import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '@mambabench/report';

const BIN = fileURLToPath(new URL('../../bin/mambabench.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'two-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const experiment = join(dir, 'tiny.json');
writeFileSync(experiment, JSON.stringify({
  name: 'two-workers',
  description: 'three seeds of the smallest nnMamba, one epoch of two steps at 32 px',
  models: ['nnmamba3-scaled'],
  seeds: [1, 2, 3],
  data: { kind: 'synthetic', train: 64, valid: 32, test: 32, seed: 0 },
  image_size: 32,
  batch_size: 16,
  eval_batch_size: 32,
  epochs: 1,
  max_steps_per_epoch: 2,
  augment: 'none',
  jobs: 1,
}));

function sweep(out: string, ...flags: string[]): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [BIN, 'sweep', '--experiment', experiment, '--out', out, ...flags], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, MAMBABENCH_THREADS: '1' } });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout })));
}

const trained = (stdout: string, run: string) => stdout.split('\n').filter((l) => l.includes(`${run} | done in`)).length;

describe('workers sharing one directory', () => {
  it('two sweeps started at once on one folder train every run exactly once between them', async () => {
    const out = join(dir, 'shared');
    const [a, b] = await Promise.all([sweep(out), sweep(out)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    for (const seed of [1, 2, 3]) {
      const run = `nnmamba3-scaled__s${seed}`;
      expect(trained(a.stdout, run) + trained(b.stdout, run), `${run} trained once\n--- a:\n${a.stdout}\n--- b:\n${b.stdout}`).toBe(1);
      // The other worker either found it locked or found it finished.
      const other = trained(a.stdout, run) ? b.stdout : a.stdout;
      expect(other).toMatch(new RegExp(`${run}: (being trained by [^:\\s]+:\\d+, skipped|cached \\(finished earlier with this configuration\\))`));
    }
    const records = readdirSync(join(out, 'runs')).map((r) => JSON.parse(readFileSync(join(out, 'runs', r, 'record.json'), 'utf8')) as RunRecord);
    expect(records.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('a run whose lock a live worker holds is skipped, saying by whom; the others train', async () => {
    const out = join(dir, 'locked');
    // A lock as a worker on another machine, heart-beating now, would hold it.
    const plan = await sweep(out, '--dry-run', '--shard', '2/2');
    const key = /nnmamba3-scaled__s2 +([0-9a-f]{16}) +train/.exec(plan.stdout)![1];
    const runDir = join(out, 'runs', key);
    mkdirSync(runDir, { recursive: true });
    const now = new Date().toISOString();
    writeFileSync(join(runDir, 'lock'), JSON.stringify({ host: 'node-b', pid: 4242, token: 'held-elsewhere', started: now, heartbeat: now }));
    const r = await sweep(out, '--shard', '2/2');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("1 run(s) (1 model(s) x 1 setting(s) x 1 seed(s)) of the experiment's 3, shard 2/2");
    expect(r.stdout).toContain('run 1/1 nnmamba3-scaled__s2: being trained by node-b:4242, skipped');
    expect(trained(r.stdout, 'nnmamba3-scaled__s2')).toBe(0);
    const all = await sweep(out, '--shard', '1/2');
    expect(all.stdout).toContain("2 run(s) (1 model(s) x 1 setting(s) x 2 seed(s)) of the experiment's 3, shard 1/2");
    expect(trained(all.stdout, 'nnmamba3-scaled__s1') + trained(all.stdout, 'nnmamba3-scaled__s3')).toBe(2);
  });
});
