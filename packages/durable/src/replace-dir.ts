import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { fsyncDir, fsyncDirSync } from './fsync-dir.ts';
import { isAlive, tempOwner, tempSibling } from './temp-name.ts';
import { writeNewFsynced, type FileData } from './write-fsynced.ts';

/** Suffix of the sibling that holds the previous directory while the new one is swapped in. */
export const BACKUP_SUFFIX = '.old';

/** Where replaceDirAtomic keeps the previous `dir` during the swap: `.<name>.old` beside it. */
export function backupPathFor(dir: string): string {
  return join(dirname(dir), `.${basename(dir)}${BACKUP_SUFFIX}`);
}

/** Writes one file into the directory being built; the name is a plain file name. */
export type DirWriter = (name: string, data: FileData) => Promise<void>;

/**
 * Replaces the directory `dir` with a new one whose files `fill` writes, so that `dir` (after
 * recoverDir) is always either the old or the new complete directory, even if the process is
 * killed or the machine loses power at any point:
 *
 *   1. build a sibling temp dir; `fill` writes each file through `write`, which fsyncs it;
 *      then fsync the temp dir.      Crash here: `dir` is the old one; the temp dir is litter,
 *                                    removed by the next replaceDirAtomic of `dir` once its
 *                                    writer's pid is gone.
 *   2. rename `dir` to `.<name>.old`.  Crash here: no `dir`, a complete backup; recoverDir
 *                                    renames the backup back (readers call it first).
 *   3. rename the temp dir to `dir`, fsync the parent.
 *                                    Crash here: the new `dir` and a stale backup; recoverDir
 *                                    removes the backup. Before the parent's fsync a power loss
 *                                    may undo the renames, which lands in one of the states above.
 *   4. remove the backup.
 *
 * Never delete-then-rename: between the two there would be no complete directory at all. If
 * step 3 fails, step 2 is undone before the error is rethrown. One writer per `dir` at a time
 * (the backup name is fixed so readers can find it); a reader's recoverDir racing a writer
 * between steps 2 and 3 makes that write fail, never loses the old directory.
 */
export async function replaceDirAtomic(dir: string, fill: (write: DirWriter, tmpDir: string) => Promise<void> | void): Promise<void> {
  recoverDir(dir); // a stale backup from an interrupted swap would block step 2
  removeDeadTemps(dir);
  const tmp = tempSibling(dir);
  const backup = backupPathFor(dir);
  try {
    await mkdir(tmp);
    await fill(async (name, data) => {
      // A nested path would escape the temp dir or land in a subdirectory nobody fsyncs.
      if (!name || name === '.' || name === '..' || name.includes('/') || name.includes(sep)) {
        throw new Error(`replaceDirAtomic: "${name}" is not a plain file name`);
      }
      return writeNewFsynced(join(tmp, name), data);
    }, tmp);
    await fsyncDir(tmp);
    let movedAside = false;
    try {
      await rename(dir, backup);
      movedAside = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // first write: nothing to move
    }
    try {
      await rename(tmp, dir);
    } catch (error) {
      // Put the old directory back; if even that fails, the backup is there for recoverDir.
      if (movedAside) await rename(backup, dir).catch(() => undefined);
      throw error;
    }
    await fsyncDir(dirname(dir));
    await rm(backup, { recursive: true, force: true });
  } catch (error) {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Brings `dir` back to a complete state after a replaceDirAtomic that was cut short: a backup
 * with no `dir` (killed between the two renames) is renamed back; a backup beside a `dir`
 * (killed before the cleanup) is removed. Readers call this before reading `dir`. Synchronous
 * because checkpoint loading is; it only renames or removes.
 */
export function recoverDir(dir: string): void {
  const backup = backupPathFor(dir);
  if (!existsSync(backup)) return;
  if (existsSync(dir)) {
    rmSync(backup, { recursive: true, force: true });
    return;
  }
  try {
    renameSync(backup, dir);
  } catch (error) {
    // Another reader restored it first.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && existsSync(dir)) return;
    throw error;
  }
  fsyncDirSync(dirname(dir));
}

/**
 * Temp dirs of writers that were killed (a checkpoint each, possibly hundreds of MB, and runs
 * are killed routinely: the hang watchdog, Ctrl-C). A live writer's temp dir is left alone.
 */
function removeDeadTemps(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dirname(dir));
  } catch {
    return; // no parent yet: nothing to clean, and mkdir of the temp dir reports the real problem
  }
  for (const name of names) {
    const pid = tempOwner(dir, name);
    if (pid !== null && pid !== process.pid && !isAlive(pid)) {
      rmSync(join(dirname(dir), name), { recursive: true, force: true });
    }
  }
}
