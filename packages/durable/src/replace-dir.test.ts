import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupPathFor, recoverDir, replaceDirAtomic } from './replace-dir.ts';
import { TEMP_SUFFIX } from './temp-name.ts';

const files = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('replaceDirAtomic', () => {
  let parent: string;
  let dir: string;
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'durable-dir-'));
    dir = join(parent, 'ckpt');
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  const save = (contents: Record<string, string>) => replaceDirAtomic(dir, async (write) => {
    for (const [name, text] of Object.entries(contents)) await write(name, text);
  });

  it('creates the directory, then replaces it whole, leaving nothing beside it', async () => {
    await save({ 'a.bin': 'A1', 'manifest.json': 'M1' });
    expect(files(dir)).toEqual({ 'a.bin': 'A1', 'manifest.json': 'M1' });
    await save({ 'manifest.json': 'M2' });
    expect(files(dir)).toEqual({ 'manifest.json': 'M2' }); // a.bin was not carried over
    expect(readdirSync(parent)).toEqual(['ckpt']);
  });

  it('keeps the old contents when fill throws, and cleans up its temp dir', async () => {
    await save({ 'manifest.json': 'old' });
    const boom = new Error('fill failed');
    await expect(replaceDirAtomic(dir, async (write) => {
      await write('manifest.json', 'half');
      throw boom;
    })).rejects.toBe(boom);
    expect(files(dir)).toEqual({ 'manifest.json': 'old' });
    expect(readdirSync(parent)).toEqual(['ckpt']);
  });

  it('refuses names that would leave the directory being built', async () => {
    for (const name of ['../escape', 'sub/file', '..', '']) {
      await expect(save({ [name]: 'x' })).rejects.toThrow(/not a plain file name/);
    }
    expect(readdirSync(parent)).toEqual([]);
  });

  it('hands fill the temp dir it is building, beside the target', async () => {
    let seen = '';
    await replaceDirAtomic(dir, (write, tmp) => {
      seen = tmp;
      return write('x', 'y');
    });
    expect(seen.startsWith(join(parent, '.ckpt.'))).toBe(true);
    expect(seen.endsWith(TEMP_SUFFIX)).toBe(true);
  });

  it('removes temp dirs left by dead writers, not those of live ones', async () => {
    const dead = join(parent, `.ckpt.999999999.abcdef${TEMP_SUFFIX}`); // above any pid_max
    const live = join(parent, `.ckpt.${process.ppid}.abcdef${TEMP_SUFFIX}`);
    const unrelated = join(parent, `.other.999999999.abcdef${TEMP_SUFFIX}`);
    for (const d of [dead, live, unrelated]) mkdirSync(d);
    await save({ m: '1' });
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(unrelated)).toBe(true);
  });
});

describe('recoverDir', () => {
  let parent: string;
  let dir: string;
  beforeEach(async () => {
    parent = mkdtempSync(join(tmpdir(), 'durable-recover-'));
    dir = join(parent, 'last');
    await replaceDirAtomic(dir, (write) => write('manifest.json', 'old'));
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('restores the backup of a swap killed between its two renames', async () => {
    // The state a kill leaves after step 2: the old dir moved aside, the new one still a temp.
    renameSync(dir, backupPathFor(dir));
    const tmp = join(parent, `.last.999999999.abcdef${TEMP_SUFFIX}`);
    mkdirSync(tmp);
    writeFileSync(join(tmp, 'manifest.json'), 'new');
    recoverDir(dir);
    expect(files(dir)).toEqual({ 'manifest.json': 'old' });
    expect(existsSync(backupPathFor(dir))).toBe(false);
    // The next write replaces the recovered dir and clears the dead writer's temp dir.
    await replaceDirAtomic(dir, (write) => write('manifest.json', 'newer'));
    expect(files(dir)).toEqual({ 'manifest.json': 'newer' });
    expect(readdirSync(parent)).toEqual(['last']);
  });

  it('a write over that state keeps working without a recoverDir first', async () => {
    renameSync(dir, backupPathFor(dir));
    await replaceDirAtomic(dir, (write) => write('manifest.json', 'new'));
    expect(files(dir)).toEqual({ 'manifest.json': 'new' });
    expect(readdirSync(parent)).toEqual(['last']);
  });

  it('drops a stale backup when the swap finished but its cleanup did not', () => {
    mkdirSync(backupPathFor(dir));
    writeFileSync(join(backupPathFor(dir), 'manifest.json'), 'older');
    recoverDir(dir);
    expect(files(dir)).toEqual({ 'manifest.json': 'old' });
    expect(readdirSync(parent)).toEqual(['last']);
  });

  it('does nothing to a healthy dir or a missing one', () => {
    recoverDir(dir);
    expect(files(dir)).toEqual({ 'manifest.json': 'old' });
    recoverDir(join(parent, 'never-written'));
    expect(readdirSync(parent)).toEqual(['last']);
  });
});
