import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/mambabench.js', import.meta.url));

/** A small tmpfs of its own, so the disk can really fill up (needs root; the test says so where it cannot). */
function mountSmallDisk(): { dir: string; problem: string | null } {
  const dir = mkdtempSync(join(tmpdir(), 'mb-disk-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', dir], { encoding: 'utf8' });
  return { dir, problem: r.status === 0 ? null : `mount -t tmpfs failed: ${(r.stderr || r.error?.message || '').trim()}` };
}

const disk = mountSmallDisk();
if (disk.problem) console.warn(`SKIPPED (disk-full test): ${disk.problem}`);
afterAll(() => {
  if (!disk.problem) spawnSync('umount', [disk.dir]);
  rmSync(disk.dir, { recursive: true, force: true });
});

describe('a sweep on a disk that fills up', () => {
  it.skipIf(disk.problem !== null)('fails the run that hit ENOSPC with that reason and keeps every earlier result intact', () => {
    const exp = join(disk.dir, 'e.json');
    writeFileSync(exp, JSON.stringify({
      name: 'disk', models: ['nnmamba3-scaled'], seeds: [1],
      data: { kind: 'synthetic', train: 16, valid: 8, test: 8, seed: 0 },
      image_size: 32, batch_size: 8, eval_batch_size: 8, epochs: 1, max_steps_per_epoch: 2, backend: 'wasm',
    }));
    const out = join(disk.dir, 'report');
    const sweep = (...flags: string[]) => spawnSync(process.execPath, [BIN, 'sweep', '--experiment', exp, '--out', out, ...flags], { encoding: 'utf8' });
    expect(sweep().status).toBe(0);
    const before = readFileSync(join(out, 'results.json'), 'utf8');

    // Leave about 64 KiB: enough for a run's config and a short record, not for its checkpoint (~8 MB).
    const { bavail, bsize } = statfsSync(disk.dir);
    mkdirSync(join(disk.dir, 'filler'));
    writeFileSync(join(disk.dir, 'filler', 'bytes'), Buffer.alloc(Math.max(0, bavail * bsize - 64 * 1024)));

    const full = sweep('--seeds', '2');
    expect(full.status, full.stdout + full.stderr).toBe(1);
    expect(full.stdout + full.stderr).toMatch(/ENOSPC/);
    // The finished run and the last complete report are as they were.
    expect(readFileSync(join(out, 'results.json'), 'utf8').length).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).runs[0]).toEqual(JSON.parse(before).runs[0]);

    // Space again: the failure was stored with its reason, and --retry-failed redoes that run alone.
    rmSync(join(disk.dir, 'filler'), { recursive: true });
    const kept = sweep('--seeds', '2');
    expect(kept.stdout).toMatch(/nnmamba3-scaled__s2: kept \(ended failed: .*ENOSPC: no space left on device/);
    const again = sweep('--seeds', '2', '--retry-failed');
    expect(again.status, again.stdout + again.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.runs.map((r: { run_id: string; status: string }) => [r.run_id, r.status])).toEqual([['nnmamba3-scaled__s1', 'ok'], ['nnmamba3-scaled__s2', 'ok']]);
    expect(results.runs[0]).toEqual(JSON.parse(before).runs[0]);
    expect(readdirSync(join(out, 'runs'))).toHaveLength(2);
  }, 240_000);
});
