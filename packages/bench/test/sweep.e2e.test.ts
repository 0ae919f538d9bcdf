import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RUN_COLUMNS } from '@mambabench/report';

const BIN = fileURLToPath(new URL('../bin/mambabench.js', import.meta.url));

function tinyExperiment(dir: string, models: string[]): string {
  const file = join(dir, 'tiny.json');
  writeFileSync(file, JSON.stringify({
    name: 'tiny', models, seeds: [1],
    data: { kind: 'synthetic', train: 16, valid: 8, test: 8, seed: 0 },
    image_size: 32, batch_size: 8, eval_batch_size: 8, epochs: 1, max_steps_per_epoch: 2, backend: 'wasm',
  }));
  return file;
}

describe('mambabench sweep end to end', () => {
  it('trains a tiny sweep (two steps) and writes CSV, JSON, curves and a self-contained HTML report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-sweep-'));
    const out = join(dir, 'report');
    const stdout = execFileSync(process.execPath, [BIN, 'sweep', '--experiment', tinyExperiment(dir, ['nnmamba3-scaled']), '--out', out], { encoding: 'utf8' });
    expect(stdout).toMatch(/run 1\/1 nnmamba3-scaled__s1 \| epoch 1\/1 step 1\/2 \| loss \d\.\d{4} \| [\d.]+ img\/s \| ETA/);
    const csv = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(RUN_COLUMNS.join(','));
    expect(csv).toHaveLength(2);
    const row = Object.fromEntries(csv[0].split(',').map((k, i) => [k, csv[1].split(',')[i]]));
    expect(row.variant).toBe('nnmamba3-scaled');
    expect(row.params).toBe('708258');
    expect(row.status).toBe('ok');
    expect(Number(row.best_val_acc)).toBeGreaterThanOrEqual(0);
    expect(Number(row.best_val_acc)).toBeLessThanOrEqual(1);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.runs[0].curves).toHaveLength(1);
    expect(results.runs[0].predictions.test.labels).toHaveLength(8);
    expect(results.environment.backend).toBe('wasm');
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('nnmamba3-scaled');
    expect(html).not.toMatch(/<script[^>]+src=/);
    const [key] = readdirSync(join(out, 'runs'));
    expect(existsSync(join(out, 'runs', key, 'best', 'manifest.json'))).toBe(true);
    expect(results.store.keys).toEqual([{ run_id: 'nnmamba3-scaled__s1', key }]);
  });

  it('keeps finished runs and records the failure when a later run fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-sweep-'));
    const out = join(dir, 'report');
    const exp = tinyExperiment(dir, ['nnmamba3-scaled', 'nnmamba4-scaled']);
    const env = { ...process.env, MAMBABENCH_FAULT: 'nnmamba4-scaled__s1:error' }; // stands in for any run-time error
    const r = spawnSync(process.execPath, [BIN, 'sweep', '--experiment', exp, '--out', out], { encoding: 'utf8', env });
    expect(r.status).toBe(1);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.runs.map((x: { status: string }) => x.status)).toEqual(['ok', 'failed']);
    expect(results.runs[1].error).toMatch(/fault injected by MAMBABENCH_FAULT/);
    expect(r.stderr).toMatch(/1 run\(s\) did not finish; finished runs are kept/);
  });

  it('refuses a batch larger than the training split before training anything', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-sweep-'));
    const exp = tinyExperiment(dir, ['nnmamba3-scaled']);
    writeFileSync(exp, JSON.stringify({ ...JSON.parse(readFileSync(exp, 'utf8')), grid: { batch_size: [8, 32] } }));
    const r = spawnSync(process.execPath, [BIN, 'sweep', '--experiment', exp, '--out', join(dir, 'o')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/tiny\.json: field "grid\.batch_size" is larger than the 16 training images, so no full batch can be drawn \(run nnmamba3-scaled__batch_size=32__s1\) \(got 32\)/);
    expect(existsSync(join(dir, 'o', 'results.csv'))).toBe(false);
  });

  it('rejects a bad experiment file with an error naming the field, before training anything', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-sweep-'));
    const exp = tinyExperiment(dir, ['nnmamba3-scaled', 'no-such-model']);
    const r = spawnSync(process.execPath, [BIN, 'sweep', '--experiment', exp, '--out', join(dir, 'o')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/tiny\.json: field "models\[1\]" Unknown model variant "no-such-model"/);
    expect(existsSync(join(dir, 'o', 'results.csv'))).toBe(false);
  });

  it('prints help for every command', () => {
    for (const cmd of ['sweep', 'run', 'models']) {
      expect(execFileSync(process.execPath, [BIN, cmd, '--help'], { encoding: 'utf8' })).toMatch(new RegExp(`^mambabench ${cmd}: .*\\n\\nUsage: `, 's'));
    }
    expect(execFileSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' })).toMatch(/Commands:\n {2}sweep/);
    const bad = spawnSync(process.execPath, [BIN, 'sweep', '--epoch', '3'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/Unknown option '--epoch'/);
  });
});
