import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/mambabench.js', import.meta.url));

describe('mambabench sweep progress without a terminal', () => {
  it('two runs at once: whole lines, each prefixed with its run; a sweep line as each run ends; the summary last', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-progress-'));
    const exp = join(dir, 'tiny.json');
    writeFileSync(exp, JSON.stringify({
      name: 'tiny', models: ['nnmamba3-scaled'], seeds: [1, 2], jobs: 2,
      data: { kind: 'synthetic', train: 16, valid: 8, test: 8, seed: 0 },
      image_size: 32, batch_size: 8, eval_batch_size: 8, epochs: 1, max_steps_per_epoch: 2, backend: 'wasm',
    }));
    // Piped, as in CI or a log file: no live block, plain lines.
    const r = spawnSync(process.execPath, [BIN, 'sweep', '--experiment', exp, '--out', join(dir, 'out')], {
      encoding: 'utf8', env: { ...process.env, MAMBABENCH_THREADS: '1' },
    });
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    const runLines = lines.filter((l) => /run \d\/2/.test(l));
    for (const line of [...runLines, ...r.stderr.split('\n').filter(Boolean)]) {
      // Its own run's prefix, once: a line cut by another run's output would hold two.
      expect(line).toMatch(/^run ([12])\/2 nnmamba3-scaled__s\1 [|:]/);
      expect(line.match(/run \d\/2/g)).toHaveLength(1);
    }
    for (const seed of [1, 2]) {
      const own = runLines.filter((l) => l.startsWith(`run ${seed}/2 nnmamba3-scaled__s${seed} `));
      expect(own.some((l) => /\| epoch 1\/1 step 1\/2 \| loss \d\.\d{4} \| [\d.]+ img\/s \| ETA \d+s$/.test(l))).toBe(true);
      expect(own.some((l) => /\| epoch 1\/1 \| lr .* valid loss \d\.\d{4} acc [\d.]+% \(best\) \| [\d.]+s$/.test(l))).toBe(true);
      expect(own.some((l) => /\| done in [\d.]+s: best valid/.test(l))).toBe(true);
    }
    const sweepLines = lines.filter((l) => l.startsWith('sweep |'));
    expect(sweepLines).toHaveLength(2);
    expect(sweepLines[0]).toMatch(/^sweep \| 1\/2 done, 0 failed, 0 cached \| elapsed \d+s \| ETA \d+s$/);
    expect(sweepLines[1]).toMatch(/^sweep \| 2\/2 done, 0 failed, 0 cached \| elapsed \d+s \| ETA 0s$/);
    const summary = lines.findIndex((l) => l === '2 run(s) trained, 0 cached, 0 kept as they ended');
    expect(summary).toBeGreaterThan(lines.indexOf(sweepLines[1]));
    expect(lines.slice(summary - 5, summary).join('\n')).toMatch(/nnmamba3-scaled +1 .*ok\nnnmamba3-scaled +2 .*ok/);
  }, 180_000);
});
