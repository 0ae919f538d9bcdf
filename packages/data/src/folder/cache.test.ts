import { readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CacheReader, writeCache } from './cache.ts';
import { loadImageFolder } from './load.ts';
import { tempDir, writeImage, writeText } from './test-images.ts';

describe('decode cache', () => {
  let root: string;
  let cacheDir: string;
  beforeAll(async () => {
    root = tempDir();
    cacheDir = join(tempDir('mb-cache-'), 'nested', 'cache');
    for (let i = 0; i < 3; i++) await writeImage(join(root, `train/DR/${i}.png`), 'png', 20, 10 * i);
    for (let i = 0; i < 3; i++) await writeImage(join(root, `train/No_DR/${i}.jpg`), 'jpg', 20, 100 + 10 * i);
    writeText(join(root, 'train/No_DR/bad.jpg'), 'not a jpeg');
    await writeImage(join(root, 'valid/DR/v.png'), 'png', 20);
    await writeImage(join(root, 'valid/No_DR/v.png'), 'png', 20);
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(join(cacheDir, '..', '..'), { recursive: true, force: true });
  });
  const load = (lines: string[] = [], imageSize = 12) => loadImageFolder(root, { imageSize, cacheDir, log: (l) => lines.push(l) });

  it('first load decodes and writes; second load reads everything from the cache', async () => {
    const firstLines: string[] = [];
    const first = await load(firstLines);
    expect(first.report.cache).toMatchObject({ enabled: true, hits: 0, misses: 9, written: true });
    expect(firstLines).toContain('decode cache: 0 hits, 9 misses');
    // One bundle per split folder, no temp files left behind.
    expect(readdirSync(cacheDir).sort()).toEqual(first.report.cache.files.map((f) => f.slice(cacheDir.length + 1)).sort());
    expect(readdirSync(cacheDir)).toHaveLength(2);

    const lines: string[] = [];
    const second = await load(lines);
    // The undecodable file is a hit too: its failure is cached, so it is not retried.
    expect(second.report.cache).toMatchObject({ hits: 9, misses: 0, written: false });
    expect(lines).toContain('decode cache: 9 hits, 0 misses');
    expect(second.report.decodeSeconds).toBe(0);
    expect(second.report.skipped.map((s) => s.reason)).toEqual(first.report.skipped.map((s) => s.reason));
    expect(second.dataset.fingerprint).toBe(first.dataset.fingerprint);
    for (const s of ['train', 'valid'] as const) {
      expect(Buffer.from(second.dataset.splits[s].images).equals(Buffer.from(first.dataset.splits[s].images))).toBe(true);
      expect(Array.from(second.dataset.splits[s].labels)).toEqual(Array.from(first.dataset.splits[s].labels));
    }
  });

  it('re-decodes a file whose mtime changed, and one rewritten with new content', async () => {
    await load();
    const touched = join(root, 'train/DR/1.png');
    const later = new Date(Date.now() + 60_000);
    utimesSync(touched, later, later);
    const afterTouch = await load();
    expect(afterTouch.report.cache).toMatchObject({ hits: 8, misses: 1, written: true });

    const before = afterTouch.dataset.splits.train.images.slice(0, 12 * 12 * 3);
    await writeImage(join(root, 'train/DR/0.png'), 'png', 20, 250); // new tint, new size in bytes
    const afterRewrite = await load();
    expect(afterRewrite.report.cache).toMatchObject({ hits: 8, misses: 1 });
    const now = afterRewrite.dataset.splits.train.images.slice(0, 12 * 12 * 3);
    expect(now[2]).toBe(250);
    expect(before[2]).not.toBe(250);
    expect(afterRewrite.dataset.fingerprint).not.toBe(afterTouch.dataset.fingerprint);
  });

  it('keys on image size, and rebuilds an unreadable bundle instead of failing', async () => {
    const other = await load([], 10);
    expect(other.report.cache.misses).toBe(9);
    const file = (await load()).report.cache.files[0];
    writeFileSync(file, 'garbage');
    const lines: string[] = [];
    const rebuilt = await load(lines);
    expect(lines.some((l) => l.startsWith(`decode cache unusable, rebuilding: ${file}: bad magic`))).toBe(true);
    expect(rebuilt.report.cache.misses).toBeGreaterThan(0);
    expect((await load()).report.cache.misses).toBe(0);
  });

  it('a cache that cannot be written is logged, and the load still succeeds', async () => {
    const blocker = join(tempDir('mb-cache-file-'), 'not-a-dir');
    writeFileSync(blocker, 'a file where the cache folder should be');
    const lines: string[] = [];
    const r = await loadImageFolder(root, { imageSize: 12, cacheDir: join(blocker, 'cache'), log: (l) => lines.push(l) });
    expect(r.dataset.splits.train.count).toBe(6);
    expect(r.report.cache.written).toBe(false);
    expect(lines.filter((l) => l.startsWith('decode cache not written: '))).toHaveLength(2);
    rmSync(join(blocker, '..'), { recursive: true, force: true });
  });

  it('cacheDir null turns the cache off', async () => {
    const lines: string[] = [];
    const r = await loadImageFolder(root, { imageSize: 12, cacheDir: null, log: (l) => lines.push(l) });
    expect(r.report.cache).toMatchObject({ enabled: false, files: [], hits: 0, misses: 9, written: false });
    expect(lines).toContain('decode cache: 0 hits, 9 misses (cache off)');
  });

  it('writeCache streams each image into the bundle, and a failed rewrite keeps the previous bundle whole', () => {
    const dir = tempDir('mb-cache-write-');
    const file = join(dir, 'b.bin');
    const records = [0, 1, 2].map((i) => ({ path: `/img/${i}.png`, size: 10 + i, mtimeMs: 1000 + i }));
    const pixel = (i: number) => new Uint8Array(2 * 2 * 3).fill(10 * (i + 1));
    writeCache(file, 2, [...records, { path: '/img/bad.png', size: 1, mtimeMs: 1, error: 'broken' }], pixel);
    const check = () => {
      const reader = CacheReader.open(file, 2, (why) => { throw new Error(why); })!;
      const out = new Uint8Array(12);
      expect(reader.lookup(records[2])).toEqual({ kind: 'image', slot: 2 });
      expect(reader.lookup({ path: '/img/bad.png', size: 1, mtimeMs: 1 })).toEqual({ kind: 'error', error: 'broken' });
      reader.read(2, out, 0);
      reader.close();
      expect(Array.from(out)).toEqual(Array(12).fill(30));
    };
    check();
    const boom = new Error('decoder gave up');
    expect(() => writeCache(file, 2, records, (i) => {
      if (i === 1) throw boom;
      return pixel(i);
    })).toThrow(boom);
    check();
    expect(readdirSync(dir)).toEqual(['b.bin']);
    rmSync(dir, { recursive: true, force: true });
  });
});
