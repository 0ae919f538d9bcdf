import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../experiment/expand';
import { adoptLegacyRun } from './adopt-legacy';
import { runKey } from './run-key';

const cfg = { run_id: 'nnmamba3-scaled__s1', experiment: 'e', model: 'nnmamba3-scaled', seed: 1, backend: 'wasm',
  data: { kind: 'folder', root: '/old/place', valid_fraction: null }, train: { image_size: 32 }, overrides: {} } as unknown as RunConfig;

function legacyStore(config: object, fingerprint: string | null): string {
  const runs = join(mkdtempSync(join(tmpdir(), 'mb-legacy-')), 'runs');
  mkdirSync(join(runs, cfg.run_id), { recursive: true });
  writeFileSync(join(runs, cfg.run_id, 'config.json'), JSON.stringify(config));
  if (fingerprint) writeFileSync(join(runs, cfg.run_id, 'record.json'), JSON.stringify({ run_id: cfg.run_id, status: 'ok', dataset: { fingerprint } }));
  return runs;
}

describe('adopting a run folder named by run id', () => {
  const key = runKey(cfg, 'fp');

  it('moves a finished run of the same training to its key, whatever path its data had', () => {
    const runs = legacyStore({ ...cfg, data: { kind: 'folder', root: '/new/place', valid_fraction: null } }, 'fp');
    expect(adoptLegacyRun(runs, cfg, key)).toBe(true);
    expect(existsSync(join(runs, key, 'record.json'))).toBe(true);
    expect(existsSync(join(runs, cfg.run_id))).toBe(false);
  });

  it('leaves a run of other data, another configuration or without a record where it is', () => {
    for (const runs of [legacyStore(cfg, 'other-fp'), legacyStore({ ...cfg, seed: 2 }, 'fp'), legacyStore(cfg, null)]) {
      expect(adoptLegacyRun(runs, cfg, key)).toBe(false);
      expect(existsSync(join(runs, cfg.run_id, 'config.json'))).toBe(true);
      expect(existsSync(join(runs, key))).toBe(false);
    }
  });
});
