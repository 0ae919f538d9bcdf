import { renameSync, rmSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncDir, fsyncDirSync } from './fsync-dir.ts';
import { tempSibling } from './temp-name.ts';
import { writeNewFsynced, writeNewFsyncedSync, type FileData } from './write-fsynced.ts';

/**
 * Writes `data` to `path` so that readers, and a machine that loses power, only ever see the old
 * or the new complete file: a temp file beside it is written and fsynced, renamed over `path`,
 * and the directory is fsynced so the rename itself survives. The parent directory must exist.
 * On failure the temp file is removed and the original error rethrown; `path` is untouched.
 */
export async function writeFileAtomic(path: string, data: FileData): Promise<void> {
  const tmp = tempSibling(path);
  try {
    await writeNewFsynced(tmp, data);
    await rename(tmp, path);
    await fsyncDir(dirname(path));
  } catch (error) {
    // Best effort: a leftover temp file is litter, but the original error is what matters.
    await rm(tmp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** writeFileAtomic for synchronous code paths (the decode cache, start-up files). */
export function writeFileAtomicSync(path: string, data: FileData): void {
  const tmp = tempSibling(path);
  try {
    writeNewFsyncedSync(tmp, data);
    renameSync(tmp, path);
    fsyncDirSync(dirname(path));
  } catch (error) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // litter, not the error to report
    }
    throw error;
  }
}
