import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';

/**
 * What a durable write accepts. An iterable of chunks lets a large file (an image cache) be
 * written piece by piece from buffers the caller already holds, instead of one concatenated copy.
 */
export type FileData = string | Uint8Array | Iterable<Uint8Array>;

/**
 * Creates `path` (it must not exist: 'wx', so two writers can never share a temp file), writes
 * `data` and fsyncs it before closing, so the bytes are on disk before anyone renames the file.
 */
export async function writeNewFsynced(path: string, data: FileData): Promise<void> {
  const fh = await open(path, 'wx');
  try {
    await writeFile(fh, data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export function writeNewFsyncedSync(path: string, data: FileData): void {
  const fd = openSync(path, 'wx');
  try {
    const chunks = typeof data === 'string' ? [Buffer.from(data, 'utf8')] : data instanceof Uint8Array ? [data] : data;
    for (const chunk of chunks) writeAll(fd, chunk);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// writeSync may write less than asked (large buffers, some filesystems); loop until done.
function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}
