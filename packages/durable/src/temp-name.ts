import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** Suffix of in-flight temp files and folders; exported so tests and cleanup code can recognise them. */
export const TEMP_SUFFIX = '.tmp';

/**
 * A fresh temp path beside `path`. Same directory because rename() is only atomic within one
 * filesystem; dot-prefixed so globbing for outputs (*.csv, *.html) never picks up a half-written
 * one; pid + random so concurrent writers, in one process or several, never share one, and so a
 * later writer can tell a dead process's leftover from a live writer's work (see tempOwner).
 */
export function tempSibling(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
}

/** The pid that made `name` as a tempSibling of `path`, or null when `name` is not one. */
export function tempOwner(path: string, name: string): number | null {
  const prefix = `.${basename(path)}.`;
  if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) return null;
  const m = /^(\d+)\.[0-9a-f]+$/.exec(name.slice(prefix.length, -TEMP_SUFFIX.length));
  return m ? Number(m[1]) : null;
}

/** Whether a process with this pid exists (EPERM: it does, under another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
