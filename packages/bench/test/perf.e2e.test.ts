import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { peerConfig } from '../src/perf/peer';

const BIN = fileURLToPath(new URL('../bin/mambabench.js', import.meta.url));
const TINY = ['--image-size', '32', '--batch', '2', '--steps', '2', '--warmup', '0'];

function perf(args: string[]) {
  return spawnSync(process.execPath, [BIN, 'perf', ...TINY, ...args], { encoding: 'utf8' });
}

describe('mambabench perf', () => {
  it('times each model in its own process; --json puts the JSON alone on stdout and the table on stderr', () => {
    // The `=` form too: each per-model process must still time only its own model.
    const p = perf(['--models=nnmamba3-scaled,vim-scaled', '--threads', '1', '--profile', '--json']);
    expect(p.status, p.stderr).toBe(0);
    expect(p.stderr).toMatch(/nnmamba3-scaled\s+wasm\s+1\s+wasm-simd\s+no\s+32\s+2\s+708,258/);
    expect(p.stderr).toMatch(/vim-scaled on wasm: where one profiled train step spends its time/);
    const { results, errors } = JSON.parse(p.stdout);
    expect(errors).toEqual([]);
    expect(results.map((r: { model: string }) => r.model)).toEqual(['nnmamba3-scaled', 'vim-scaled']);
    for (const r of results) {
      expect(r.threads).toBe(1);
      expect(r.scan_kernel).toBe('wasm-simd');
      expect(r.train_ms.min).toBeLessThanOrEqual(r.train_ms.median);
      expect(r.train_images_per_s).toBeCloseTo(2000 / r.train_ms.median, 6);
      expect(r.peak_tensor_mb).toBeGreaterThan(0);
      expect(r.infer_peak_tensor_mb).toBeGreaterThan(0);
      const shares = r.top_kernels.reduce((a: number, k: { share: number }) => a + k.share, 0);
      expect(shares).toBeGreaterThan(0.5);
      expect(shares).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  const hasPython = spawnSync('python3', ['--version']).status === 0;
  it.skipIf(!hasPython)('prints the ratio against a PyTorch peer run right after ours (skipped without python3)', () => {
    // A stand-in for ../shared/peer/pytorch/bench.py: same command line, same JSON line.
    const dir = mkdtempSync(join(tmpdir(), 'mb-peer-'));
    writeFileSync(join(dir, 'bench.py'), [
      'import json, sys',
      'assert sys.argv[1:] == ["--one", "train scaled @32 b2"], sys.argv',
      'print(json.dumps({"images_per_s": 10.0, "median_step_s": 0.2, "threads": 2, "foreign_cpu_cores": 0.01}))',
    ].join('\n'));
    const p = spawnSync(process.execPath, [BIN, 'perf', ...TINY, '--models', 'nnmamba3-scaled', '--threads', '1', '--peer', dir],
      { encoding: 'utf8', env: { ...process.env, PYTHON: 'python3' } });
    expect(p.status, p.stderr).toBe(0);
    const line = p.stdout.split('\n').find((l) => l.includes('vs PyTorch'))!;
    const ours = Number(/mambabench wasm ([\d.]+) img\/s/.exec(line)![1]);
    expect(line).toMatch(/vs PyTorch\s+10\.0 img\/s \(2 threads\) = /);
    expect(Number(/= ([\d.]+)x/.exec(line)![1])).toBeCloseTo(ours / 10, 1);
  });

  it('names the models the PyTorch peer lacks, and bad flags', () => {
    expect(peerConfig('nnmamba3-scaled', 64, 32).name).toBe('train scaled @64 b32');
    expect(peerConfig('vim-scaled', 64, 32).why).toMatch(/only nnmamba3-scaled, nnmamba3/);
    const bad = perf(['--models', 'nnmamba3-scaled', '--threads', '0']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--threads must be an integer >= 1, got "0"/);
  });
});
