import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEMP_SUFFIX, writeFileAtomic } from './atomic-write.ts';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'report-atomic-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes new files and replaces existing ones without leaving temp files', async () => {
    const file = join(dir, 'a.txt');
    await writeFileAtomic(file, 'first');
    await writeFileAtomic(file, new TextEncoder().encode('second'));
    expect(await readFile(file, 'utf8')).toBe('second');
    expect(await readdir(dir)).toEqual(['a.txt']);
  });

  it('keeps the previous content and cleans up when the rename fails', async () => {
    // Renaming a file onto a non-empty directory fails, simulating a crash before the swap.
    const target = join(dir, 'blocked');
    await mkdir(target);
    await writeFile(join(target, 'keep.txt'), 'old');
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(await readFile(join(target, 'keep.txt'), 'utf8')).toBe('old');
    expect((await readdir(dir)).filter((f) => f.endsWith(TEMP_SUFFIX))).toEqual([]);
  });

  it('survives concurrent writers to the same path', async () => {
    const file = join(dir, 'c.txt');
    await Promise.all(Array.from({ length: 8 }, (_, i) => writeFileAtomic(file, `v${i}`)));
    expect(await readFile(file, 'utf8')).toMatch(/^v[0-7]$/);
    expect(await readdir(dir)).toEqual(['c.txt']);
  });
});
