import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/mambabench.js', import.meta.url));

function writeExperiment(file: string, over: object = {}): string {
  writeFileSync(file, JSON.stringify({
    name: 'store', models: ['nnmamba3-scaled'], seeds: [1],
    data: { kind: 'synthetic', train: 16, valid: 8, test: 8, seed: 0 },
    image_size: 32, batch_size: 8, eval_batch_size: 8, epochs: 1, max_steps_per_epoch: 2, backend: 'wasm',
    ...over,
  }));
  return file;
}

function sweep(exp: string, out: string, ...flags: string[]) {
  // The run of batch 4 fails as it starts (an injected fault stands in for any run-time error).
  const env = { ...process.env, MAMBABENCH_FAULT: 'nnmamba3-scaled__batch_size=4__s1:error' };
  const r = spawnSync(process.execPath, [BIN, 'sweep', '--experiment', exp, '--out', out, ...flags], { encoding: 'utf8', env });
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, runs: results.runs as { run_id: string; status: string; finished_at: string; hyperparameters: { optimizer: { lr: number } } }[] };
}

const trained = (stdout: string) => Number(/(\d+) run\(s\) trained/.exec(stdout)?.[1]);

describe('the run store across sweeps', () => {
  it('trains only new or changed runs, reports every run of the experiment, and redoes a damaged one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-store-'));
    const out = join(dir, 'report');
    const exp = writeExperiment(join(dir, 'e.json'));
    const first = sweep(exp, out);
    expect(first.code).toBe(0);
    expect(trained(first.stdout)).toBe(1);

    // A seed added on the command line trains alone; the report keeps seed 1 from the store.
    const more = sweep(exp, out, '--seeds', '2');
    expect(trained(more.stdout)).toBe(1);
    expect(more.stdout).toMatch(/1 run\(s\) \(1 model\(s\) x 1 setting\(s\) x 1 seed\(s\)\) of the experiment's 2/);
    expect(more.runs.map((r) => r.run_id)).toEqual(['nnmamba3-scaled__s1', 'nnmamba3-scaled__s2']);
    expect(more.runs[0].finished_at).toBe(first.runs[0].finished_at);

    // Nothing changed: nothing trains.
    const same = sweep(exp, out);
    expect(trained(same.stdout)).toBe(0);
    expect(same.stdout).toMatch(/nnmamba3-scaled__s1: cached/);
    expect(same.runs.map((r) => r.finished_at)).toEqual([first.runs[0].finished_at]);

    // One byte of a finished run's record changed: the manifest catches it and the run is redone.
    const key = readdirSync(join(out, 'runs'))
      .find((k) => JSON.parse(readFileSync(join(out, 'runs', k, 'record.json'), 'utf8')).run_id === 'nnmamba3-scaled__s1')!;
    const recordPath = join(out, 'runs', key, 'record.json');
    writeFileSync(recordPath, readFileSync(recordPath, 'utf8').replace('"seed": 1', '"seed": 7'));
    const healed = sweep(exp, out);
    expect(healed.stdout).toContain(`nnmamba3-scaled__s1: retrained from scratch: ${recordPath} does not match the SHA-256 in manifest.json`);
    expect(trained(healed.stdout)).toBe(1);

    // A changed learning rate is another run: it trains, and the report shows the experiment as it now is.
    writeExperiment(exp, { optimizer: { name: 'adamw', lr: 1e-3 } });
    const changed = sweep(exp, out);
    expect(trained(changed.stdout)).toBe(1);
    expect(changed.runs.map((r) => [r.run_id, r.hyperparameters.optimizer.lr])).toEqual([['nnmamba3-scaled__s1', 1e-3]]);
    expect(readdirSync(join(out, 'runs'))).toHaveLength(3);

    // `report` rebuilds from the store, not from the runs the last results.json happened to list.
    const resultsPath = join(out, 'results.json');
    writeFileSync(resultsPath, JSON.stringify({ ...JSON.parse(readFileSync(resultsPath, 'utf8')), runs: [] }));
    const rebuilt = spawnSync(process.execPath, [BIN, 'report', '--out', out], { encoding: 'utf8' });
    expect(rebuilt.stdout).toContain(`${out}: 1 run(s) -> index.html`);
    expect(JSON.parse(readFileSync(resultsPath, 'utf8')).runs.map((r: { run_id: string }) => r.run_id)).toEqual(['nnmamba3-scaled__s1']);

    // --force retrains what is chosen, nothing else.
    const forced = sweep(exp, out, '--force');
    expect(forced.stdout).toMatch(/nnmamba3-scaled__s1: retrained from scratch \(--force\)/);
    expect(trained(forced.stdout)).toBe(1);
  }, 240_000);

  it('keeps a failed run as it ended until --retry-failed, and --fail-fast starts nothing after a failure', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-store-'));
    const out = join(dir, 'report');
    const exp = writeExperiment(join(dir, 'e.json'), { grid: { batch_size: [4, 8] } });
    const first = sweep(exp, out);
    expect(first.code).toBe(1);
    expect(first.runs.map((r) => r.status)).toEqual(['failed', 'ok']);

    const again = sweep(exp, out);
    expect(again.code).toBe(1);
    expect(trained(again.stdout)).toBe(0);
    expect(again.stdout).toMatch(/batch_size=4__s1: kept \(ended failed: fault injected by MAMBABENCH_FAULT.* \(--retry-failed redoes it\)\)/);

    const retried = sweep(exp, out, '--retry-failed');
    expect(trained(retried.stdout)).toBe(1);
    expect(retried.stdout).toMatch(/batch_size=4__s1: ended failed: .*; retrained from scratch \(--retry-failed\)/);

    const fresh = join(dir, 'fresh');
    const fast = sweep(exp, fresh, '--fail-fast');
    expect(fast.code).toBe(1);
    expect(fast.stdout).toContain('--fail-fast: no further runs are started');
    expect(fast.runs.map((r) => r.status)).toEqual(['failed']);
  }, 240_000);
});
