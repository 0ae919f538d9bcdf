import { closeSync, fsyncSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * A rename is only durable once the directory holding it is flushed; fsyncing the file alone
 * can leave, after a power loss, the old name or no name at all. Some platforms cannot open or
 * fsync a directory (Windows: EISDIR/EPERM; some filesystems: EINVAL); there the OS gives no
 * stronger guarantee to ask for, so those codes are not errors. Anything else (EIO) is.
 */
const CANNOT_FSYNC_DIR = new Set(['EISDIR', 'EINVAL', 'EPERM']);

const unsupported = (error: unknown) => CANNOT_FSYNC_DIR.has((error as NodeJS.ErrnoException).code ?? '');

export async function fsyncDir(dir: string): Promise<void> {
  let fh: Awaited<ReturnType<typeof open>> | undefined;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (error) {
    if (!unsupported(error)) throw error;
  } finally {
    await fh?.close();
  }
}

export function fsyncDirSync(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (error) {
    if (!unsupported(error)) throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
