import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEMP_SUFFIX } from './temp-name.ts';
import { writeFileAtomic, writeFileAtomicSync } from './write-file.ts';
import type { FileData } from './write-fsynced.ts';

const variants: [string, (path: string, data: FileData) => Promise<void>][] = [
  ['writeFileAtomic', writeFileAtomic],
  ['writeFileAtomicSync', async (path, data) => writeFileAtomicSync(path, data)],
];

describe.each(variants)('%s', (_, write) => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'durable-write-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes new files and replaces existing ones without leaving temp files', async () => {
    const file = join(dir, 'a.txt');
    await write(file, 'first');
    await write(file, new TextEncoder().encode('second'));
    expect(await readFile(file, 'utf8')).toBe('second');
    expect(await readdir(dir)).toEqual(['a.txt']);
  });

  it('writes an iterable of chunks in order', async () => {
    const file = join(dir, 'chunks.bin');
    const enc = new TextEncoder();
    await write(file, (function* () {
      yield enc.encode('ab');
      yield new Uint8Array(0);
      yield enc.encode('cd');
    })());
    expect(await readFile(file, 'utf8')).toBe('abcd');
  });

  it('keeps the previous content and cleans up when the rename fails', async () => {
    // Renaming a file onto a non-empty directory fails, simulating a crash before the swap.
    const target = join(dir, 'blocked');
    await mkdir(target);
    await writeFile(join(target, 'keep.txt'), 'old');
    await expect(write(target, 'new')).rejects.toThrow();
    expect(await readFile(join(target, 'keep.txt'), 'utf8')).toBe('old');
    expect((await readdir(dir)).filter((f) => f.endsWith(TEMP_SUFFIX))).toEqual([]);
  });

  it('keeps the original and rethrows the original error when writing the data fails', async () => {
    const file = join(dir, 'data.bin');
    await write(file, 'original');
    const boom = new Error('source failed mid-write');
    await expect(write(file, (function* () {
      yield new TextEncoder().encode('partial');
      throw boom;
    })())).rejects.toBe(boom);
    expect(await readFile(file, 'utf8')).toBe('original');
    expect(await readdir(dir)).toEqual(['data.bin']);
  });

  it('fails without litter when the directory does not exist', async () => {
    await expect(write(join(dir, 'missing', 'x.txt'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('concurrent writers', () => {
  it('leave one complete file and no temp files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'durable-concurrent-'));
    const file = join(dir, 'c.txt');
    // Big enough that the async writes interleave.
    const body = (i: number) => `v${i}:`.padEnd(256 * 1024, String(i));
    await Promise.all(Array.from({ length: 8 }, (_, i) => writeFileAtomic(file, body(i))));
    const text = await readFile(file, 'utf8');
    const winner = Number(/^v(\d):/.exec(text)?.[1]);
    expect(text).toBe(body(winner));
    expect(await readdir(dir)).toEqual(['c.txt']);
    await rm(dir, { recursive: true, force: true });
  });
});
