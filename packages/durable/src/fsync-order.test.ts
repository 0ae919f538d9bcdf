import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fsyncDir, fsyncDirSync } from './fsync-dir.ts';
import { replaceDirAtomic } from './replace-dir.ts';
import { writeFileAtomic, writeFileAtomicSync } from './write-file.ts';

// Records every open/fsync/rename by path, so the tests can check the order that makes a write
// durable: the file's data, then the rename, then the directory holding the rename. `openError`
// makes opening the named path fail with that code.
const log = vi.hoisted(() => ({ ops: [] as string[], openError: new Map<string, string>() }));
const fail = (path: unknown) => {
  const code = log.openError.get(String(path));
  if (code) throw Object.assign(new Error(`injected ${code}`), { code });
};
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const paths = new Map<number, string>();
  const m = {
    openSync: ((path: string, flags: string, mode?: number) => {
      fail(path);
      const fd = fs.openSync(path, flags, mode);
      paths.set(fd, String(path));
      return fd;
    }) as typeof fs.openSync,
    fsyncSync: (fd: number) => (log.ops.push(`fsync ${paths.get(fd)}`), fs.fsyncSync(fd)),
    renameSync: (from: string, to: string) => (log.ops.push(`rename ${from} ${to}`), fs.renameSync(from, to)),
  };
  return { ...fs, ...m, default: { ...fs, ...m } };
});
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const m = {
    open: (async (path: string, flags?: string, mode?: number) => {
      fail(path);
      const fh = await fs.open(path, flags, mode);
      const sync = fh.sync.bind(fh);
      fh.sync = () => (log.ops.push(`fsync ${path}`), sync());
      return fh;
    }) as typeof fs.open,
    rename: (async (from: string, to: string) => (log.ops.push(`rename ${from} ${to}`), fs.rename(from, to))) as typeof fs.rename,
  };
  return { ...fs, ...m, default: { ...fs, ...m } };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'durable-order-'));
  log.ops = [];
  log.openError.clear();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The log with temp names replaced by TMP, relative to the test dir. */
const ops = () => log.ops.map((o) => o.replaceAll(dir, '~').replace(/\.[^ /]+\.\d+\.[0-9a-f]+\.tmp/g, 'TMP'));

describe('durable writes fsync in order', () => {
  it.each([
    ['writeFileAtomic', (p: string) => writeFileAtomic(p, 'x')],
    ['writeFileAtomicSync', async (p: string) => writeFileAtomicSync(p, 'x')],
  ])('%s: file, rename, directory', async (_, write) => {
    await write(join(dir, 'a.json'));
    expect(ops()).toEqual(['fsync ~/TMP', 'rename ~/TMP ~/a.json', 'fsync ~']);
  });

  it('replaceDirAtomic: each file and the temp dir before the swap, the parent after it', async () => {
    const target = join(dir, 'ckpt');
    await replaceDirAtomic(target, (write) => write('manifest.json', 'v1'));
    log.ops = [];
    await replaceDirAtomic(target, async (write) => {
      await write('tensors.bin', 'b');
      await write('manifest.json', 'v2');
    });
    expect(ops()).toEqual([
      'fsync ~/TMP/tensors.bin',
      'fsync ~/TMP/manifest.json',
      'fsync ~/TMP',
      `rename ~/ckpt ~/.${basename(target)}.old`,
      'rename ~/TMP ~/ckpt',
      'fsync ~',
    ]);
  });
});

describe('fsyncDir', () => {
  it.each(['EISDIR', 'EPERM', 'EINVAL'])('treats %s (a platform that cannot fsync a directory) as done', async (code) => {
    log.openError.set(dir, code);
    await expect(fsyncDir(dir)).resolves.toBeUndefined();
    expect(() => fsyncDirSync(dir)).not.toThrow();
  });

  it('reports real errors', async () => {
    log.openError.set(dir, 'EIO');
    await expect(fsyncDir(dir)).rejects.toMatchObject({ code: 'EIO' });
    expect(() => fsyncDirSync(dir)).toThrow(/EIO/);
    await expect(fsyncDir(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
