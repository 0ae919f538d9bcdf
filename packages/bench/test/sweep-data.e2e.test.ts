import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import { fileURLToPath } from 'node:url';
import { backupPathFor } from '@mambabench/durable';

const BIN = fileURLToPath(new URL('../bin/mambabench.js', import.meta.url));

/** The one run folder of a one-run sweep's store (named by the run's key). */
function onlyRunDir(out: string): string {
  const [key, ...more] = readdirSync(join(out, 'runs'));
  expect(more).toEqual([]);
  expect(key).toMatch(/^[0-9a-f]{16}$/);
  return join(out, 'runs', key);
}

/** root/{train,valid}/{DR,No_DR}/*.png: DR images carry a bright square, No_DR ones do not. */
async function imageTree(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'mb-tree-'));
  for (const [split, n] of [['train', 8], ['valid', 4]] as const) {
    for (const cls of ['DR', 'No_DR']) {
      mkdirSync(join(root, split, cls), { recursive: true });
      for (let i = 0; i < n; i++) {
        const rgb = new Uint8Array(20 * 20 * 3).fill(60 + i);
        if (cls === 'DR') for (let p = 0; p < 36; p++) rgb.fill(250, ((5 + (p % 6)) * 20 + 5 + Math.floor(p / 6)) * 3, ((5 + (p % 6)) * 20 + 6 + Math.floor(p / 6)) * 3);
        await sharp(rgb, { raw: { width: 20, height: 20, channels: 3 } }).png().toFile(join(root, split, cls, `${i}.png`));
      }
    }
  }
  writeFileSync(join(root, 'train', 'DR', 'notes.txt.png'), 'not an image');
  return root;
}

function experiment(dir: string): string {
  const file = join(dir, 'e.json');
  writeFileSync(file, JSON.stringify({
    name: 'folder', models: ['nnmamba3-scaled'], seeds: [1], data: { kind: 'synthetic' },
    image_size: 32, batch_size: 4, eval_batch_size: 8, epochs: 2, max_steps_per_epoch: 2, backend: 'wasm',
  }));
  return file;
}

describe('sweep --data on an image folder', () => {
  it('trains on the folder, names the skipped file, reports no test split, and a second sweep reuses the finished run', async () => {
    const root = await imageTree();
    const dir = mkdtempSync(join(tmpdir(), 'mb-sweep-'));
    const out = join(dir, 'report');
    const exp = experiment(dir);
    const stdout = execFileSync(process.execPath, [BIN, 'sweep', '--experiment', exp, '--data', root, '--out', out], { encoding: 'utf8' });
    expect(stdout).toMatch(/data: skipped .*notes\.txt\.png: /);
    expect(stdout).toMatch(/no test split/);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    const run = results.runs[0];
    expect(run.status).toBe('ok');
    expect(run.dataset.counts).toEqual({ train: { DR: 8, No_DR: 8 }, valid: { DR: 4, No_DR: 4 } });
    expect(run.test_acc).toBeNull();
    expect(run.dataset.notes.join(' ')).toMatch(/no test split/);
    expect(run.dataset.skipped).toHaveLength(1);
    expect(run.dataset.skipped[0].path).toMatch(/notes\.txt\.png$/);
    expect(run.dataset.skipped[0].reason.length).toBeGreaterThan(5);
    expect(run.hyperparameters.augment_steps[0]).toMatch(/^RandomRotation\(10/);
    expect(existsSync(join(onlyRunDir(out), 'last', 'manifest.json'))).toBe(true);

    // The same images elsewhere: the data's path is not part of the run's key.
    const moved = `${root}-moved`;
    renameSync(root, moved);
    const again = execFileSync(process.execPath, [BIN, 'sweep', '--experiment', exp, '--data', moved, '--out', out], { encoding: 'utf8' });
    expect(again).toMatch(/nnmamba3-scaled__s1: cached \(finished earlier with this configuration\), runs\/[0-9a-f]{16}/);
    expect(again).toMatch(/0 run\(s\) trained, 1 cached/);
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).runs[0].finished_at).toBe(run.finished_at);
  });

  it('continues an interrupted run from its last epoch', async () => {
    const root = await imageTree();
    const dir = mkdtempSync(join(tmpdir(), 'mb-sweep-'));
    const out = join(dir, 'report');
    execFileSync(process.execPath, [BIN, 'sweep', '--experiment', experiment(dir), '--data', root, '--out', out, '--epochs', '3'], { encoding: 'utf8' });
    // Stand-in for a run killed after epoch 3 of 4: give last/ the 4-epoch configuration's hash.
    const runDir = onlyRunDir(out);
    const first = JSON.parse(readFileSync(join(runDir, 'record.json'), 'utf8'));
    const cfg = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8'));
    cfg.train.epochs = 4;
    cfg.store_key = 'key-of-4-epochs';
    writeFileSync(join(runDir, 'config4.json'), JSON.stringify(cfg));
    const manifestPath = join(runDir, 'last', 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    manifest.meta.config_hash = cfg.store_key;
    writeFileSync(manifestPath, JSON.stringify(manifest));
    // And the kill came mid-save: last/ already moved aside, its replacement not yet renamed in.
    renameSync(join(runDir, 'last'), backupPathFor(join(runDir, 'last')));
    const stdout = execFileSync(process.execPath, [BIN, 'run', '--config', join(runDir, 'config4.json'), '--record', join(runDir, 'record4.json'), '--resume'], { encoding: 'utf8' });
    expect(stdout).toMatch(/resuming after epoch 3/);
    expect(stdout).toMatch(/epoch 4\/4 \| lr/);
    expect(stdout).not.toMatch(/epoch 1\/4 \| lr/);
    const resumed = JSON.parse(readFileSync(join(runDir, 'record4.json'), 'utf8'));
    expect(resumed.curves).toHaveLength(4);
    expect(resumed.curves.slice(0, 3)).toEqual(first.curves);
    expect(resumed.hyperparameters.resumed_after_epoch).toBe(3);
  });
});
