import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '@mambabench/report';
import { storeRecord } from './run-store';
import { findStores, listStore, storeTable } from './list-runs';

async function makeStore(root: string, name: string): Promise<string> {
  const out = join(root, name);
  const put = (key: string, cfg: object) => {
    mkdirSync(join(out, 'runs', key), { recursive: true });
    writeFileSync(join(out, 'runs', key, 'config.json'), JSON.stringify(cfg));
    return join(out, 'runs', key);
  };
  const done = put('aaaaaaaaaaaaaaaa', { run_id: 'vim-scaled__s1', model: 'vim-scaled', seed: 1, train: { epochs: 2 } });
  await storeRecord(join(done, 'record.json'), {
    run_id: 'vim-scaled__s1', variant: 'vim-scaled', seed: 1, status: 'ok', epochs: 2, curves: [{}, {}],
    best_val_acc: 0.9, test_acc: 0.8765, train_time_s: 61.4, finished_at: '2026-12-03T07:00:00.000Z',
  } as unknown as RunRecord);
  const killed = put('bbbbbbbbbbbbbbbb', { run_id: 'nnmamba3-scaled__s2', model: 'nnmamba3-scaled', seed: 2, train: { epochs: 20 } });
  mkdirSync(join(killed, 'last'));
  const bytes = Buffer.from(new Float32Array([1, 2]).buffer);
  writeFileSync(join(killed, 'last', 'tensors.bin'), bytes);
  writeFileSync(join(killed, 'last', 'manifest.json'), JSON.stringify({
    format: 'mambabench-checkpoint-v1', tensors: [{ name: 'w', shape: [2], offset: 0, length: 2 }],
    sha256: createHash('sha256').update(bytes).digest('hex'), meta: { epochs_done: 7 },
  }));
  const now = new Date().toISOString();
  const running = put('dddddddddddddddd', { run_id: 'vim-scaled__s2', model: 'vim-scaled', seed: 2, train: { epochs: 2 } });
  writeFileSync(join(running, 'lock'), JSON.stringify({ host: 'node-b', pid: 4242, token: 't', started: now, heartbeat: now }));
  const bad = put('cccccccccccccccc', { run_id: 'medmamba-scaled__s1', model: 'medmamba-scaled', seed: 1, train: { epochs: 2 } });
  writeFileSync(join(bad, 'record.json'), '{');
  mkdirSync(join(out, 'runs', 'not-a-key'));
  return out;
}

describe('mambabench runs', () => {
  it('finds every store below a folder and lists each run with what it holds', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mb-runs-'));
    const a = await makeStore(root, 'exp-a');
    await makeStore(join(root, 'nested'), 'exp-b');
    mkdirSync(join(root, 'empty', 'runs'), { recursive: true });
    expect(findStores(root).map((s) => s.slice(root.length))).toEqual(['/exp-a', '/nested/exp-b']);
    expect(findStores(a)).toEqual([a]);
    const rows = listStore(a, root);
    expect(rows.map((r) => [r.run_id, r.status, r.epochs_done, r.epochs])).toEqual([
      ['medmamba-scaled__s1', 'corrupt', 0, 2], ['nnmamba3-scaled__s2', 'unfinished', 7, 20], ['vim-scaled__s1', 'ok', 2, 2],
      ['vim-scaled__s2', 'running on node-b:4242', 0, 2],
    ]);
    const table = storeTable(rows).split('\n');
    expect(table[0]).toMatch(/^store +run +variant +seed +status +epochs +best val +test +train +key$/);
    expect(table[3]).toMatch(/^exp-a +vim-scaled__s1 +vim-scaled +1 +ok +2\/2 +90\.00% +87\.65% +61s +aaaaaaaaaaaaaaaa$/);
    expect(table[2]).toMatch(/nnmamba3-scaled__s2 +nnmamba3-scaled +2 +unfinished +7\/20 +- +- +- +bbbbbbbbbbbbbbbb$/);
    expect(table.at(-1)).toBe('4 run(s): 1 finished, 1 running, 1 unfinished, 1 ended otherwise');
  });
});
