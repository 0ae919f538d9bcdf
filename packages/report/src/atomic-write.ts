import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Suffix of in-flight temp files; exported so tests and cleanup code can recognise them. */
export const TEMP_SUFFIX = '.tmp';

/**
 * Write `data` to `path` so that readers only ever see the old or the new complete file.
 * The temp file lives in the same directory because rename() is only atomic within one
 * filesystem; it is fsynced before the rename so a power loss cannot leave an empty file.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  // Dot-prefixed so globbing for report files (*.csv, *.html) never picks up a half-written one.
  const tmp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`,
  );
  try {
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    // Best effort: a leftover temp file is litter, but the original error is what matters.
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
