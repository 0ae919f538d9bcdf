/**
 * The real DR fundus set, when this machine has it (it is never copied into the repository).
 * Counts are those of SOURCE.md for train and valid; test is held back there.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadImageFolder } from './load.ts';
import { tempDir } from './test-images.ts';

const DR_REAL = process.env.MAMBABENCH_DR_REAL ?? '/work/shared/data/dr-real';
const present = existsSync(join(DR_REAL, 'train'));
if (!present) console.warn(`dr-real tests skipped: no dataset at ${DR_REAL} (set MAMBABENCH_DR_REAL to its folder)`);

describe.skipIf(!present)(`dr-real at ${DR_REAL}`, () => {
  const cacheDir = tempDir('mb-dr-cache-');
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('loads both splits at 64 px with the published counts, then again from the cache', async () => {
    const lines: string[] = [];
    const first = await loadImageFolder(DR_REAL, { imageSize: 64, cacheDir, log: (l) => lines.push(l) });
    expect(first.dataset.classNames).toEqual(['DR', 'No_DR']);
    expect(first.report.counts).toEqual({ train: { DR: 1050, No_DR: 1026 }, valid: { DR: 245, No_DR: 286 } });
    expect(first.report.skipped).toEqual([]);
    expect(first.report.notes).toContain('no test split');
    expect(first.report.ignoredAtRoot.map((p) => p.slice(DR_REAL.length + 1)).sort()).toEqual(['MANIFEST.sha256', 'SOURCE.md']);
    expect(first.dataset.splits.train.images.length).toBe(2076 * 64 * 64 * 3);
    expect(first.report.cache.misses).toBe(2607);

    const second = await loadImageFolder(DR_REAL, { imageSize: 64, cacheDir, log: (l) => lines.push(l) });
    expect(second.report.cache).toMatchObject({ hits: 2607, misses: 0 });
    expect(second.dataset.fingerprint).toBe(first.dataset.fingerprint);
    expect(Buffer.from(second.dataset.splits.valid.images).equals(Buffer.from(first.dataset.splits.valid.images))).toBe(true);
    console.log(`dr-real 64px: first load ${first.report.loadSeconds.toFixed(2)}s (decode ${first.report.decodeSeconds.toFixed(2)}s), ` +
      `cached load ${second.report.loadSeconds.toFixed(2)}s; fingerprint ${first.dataset.fingerprint}`);
  });
});
