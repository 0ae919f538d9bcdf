import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backupPathFor, recoverDir, replaceDirAtomic } from './replace-dir.ts';

// Fails chosen renames to land a replaceDirAtomic exactly between its two renames; a real kill
// there cannot be timed. `failing.to` says which renames (by destination) fail, and how often;
// `failing.observe` is called before and after every rename.
const failing = vi.hoisted(() => ({ to: new Map<string, number>(), observe: null as null | (() => void) }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const rename: typeof fs.rename = async (from, to) => {
    failing.observe?.();
    const left = failing.to.get(String(to)) ?? 0;
    if (left > 0) {
      failing.to.set(String(to), left - 1);
      throw Object.assign(new Error(`injected rename failure to ${String(to)}`), { code: 'EIO' });
    }
    await fs.rename(from, to);
    failing.observe?.();
  };
  return { ...fs, rename, default: { ...fs, rename } };
});

describe('replaceDirAtomic, a failure between its two renames', () => {
  let parent: string;
  let dir: string;
  beforeEach(async () => {
    parent = mkdtempSync(join(tmpdir(), 'durable-swap-'));
    dir = join(parent, 'best');
    await replaceDirAtomic(dir, (write) => write('manifest.json', 'old'));
  });
  afterEach(() => {
    failing.to.clear();
    failing.observe = null;
    rmSync(parent, { recursive: true, force: true });
  });

  it('puts the old directory back and cleans up', async () => {
    failing.to.set(dir, 1); // rename(temp -> dir) fails after dir went aside
    await expect(replaceDirAtomic(dir, (write) => write('manifest.json', 'new'))).rejects.toThrow(/injected/);
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe('old');
    expect(readdirSync(parent)).toEqual(['best']);
  });

  it('when putting it back fails too, leaves the backup, which recoverDir restores', async () => {
    failing.to.set(dir, 2); // the swap and the undo both fail
    await expect(replaceDirAtomic(dir, (write) => write('manifest.json', 'new'))).rejects.toThrow(/injected/);
    expect(existsSync(dir)).toBe(false);
    expect(readFileSync(join(backupPathFor(dir), 'manifest.json'), 'utf8')).toBe('old');
    recoverDir(dir);
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe('old');
    expect(readdirSync(parent)).toEqual(['best']);
  });

  it('never has neither directory: at every rename, the old or the new one is whole on disk', async () => {
    // Watch each rename: before and after it, dir or its backup must hold a complete manifest.
    const whole = () => [dir, backupPathFor(dir)].some((d) => existsSync(join(d, 'manifest.json')));
    const seen: boolean[] = [];
    failing.observe = () => seen.push(whole());
    await replaceDirAtomic(dir, (write) => write('manifest.json', 'new'));
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen.every(Boolean)).toBe(true);
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe('new');
  });
});
