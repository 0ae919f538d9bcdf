/**
 * Disk cache of decoded, resized images: one bundle file per (source folder, image size).
 *
 * Layout: 8-byte magic, uint32 LE header length, JSON header, then size*size*3 bytes per
 * decoded entry in header order. The header lists every file seen with its (absolute path,
 * byte size, mtime) key and, for files that failed to decode, the reason, so a second load
 * neither decodes good images again nor retries known-bad ones. A file whose size or mtime
 * changed misses and is decoded again. The file name hashes the format version, the decoder
 * id (sharp/libvips versions, kernel) and the image size, so any of those changing starts a
 * new bundle instead of reusing bytes made differently.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeFileAtomicSync } from '@mambabench/durable';
import { DECODER_ID } from './decode.ts';

export const CACHE_FORMAT_VERSION = 1;
const MAGIC = Buffer.from('MBIMGC01', 'ascii');

export interface CacheRecord {
  path: string;
  size: number;
  mtimeMs: number;
  /** Set when the file could not be decoded; such records have no pixels. */
  error?: string;
}

type Lookup = { kind: 'image'; slot: number } | { kind: 'error'; error: string };

const keyOf = (r: { path: string; size: number; mtimeMs: number }) => `${r.path}\0${r.size}\0${r.mtimeMs}`;

export function cacheFileFor(cacheDir: string, sourceDir: string, imageSize: number): string {
  const h = createHash('sha256').update(JSON.stringify([CACHE_FORMAT_VERSION, DECODER_ID, sourceDir, imageSize])).digest('hex');
  const label = basename(sourceDir).replace(/[^A-Za-z0-9_-]/g, '_');
  return join(cacheDir, `${label}-${imageSize}px-${h.slice(0, 16)}.bin`);
}

/** An opened bundle; read pixels straight into the caller's array (no second full copy). */
export class CacheReader {
  private constructor(
    private readonly fd: number,
    private readonly imageBytes: number,
    private readonly payloadStart: number,
    private readonly index: Map<string, Lookup>,
  ) {}

  /**
   * Opens `file`; returns null when it does not exist, and also (with `onInvalid` told why)
   * when it is unreadable or was written for different settings: a bad cache is rebuilt,
   * never fatal.
   */
  static open(file: string, imageSize: number, onInvalid: (reason: string) => void): CacheReader | null {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      return null;
    }
    try {
      const head = Buffer.alloc(12);
      if (readSync(fd, head, 0, 12, 0) !== 12 || !head.subarray(0, 8).equals(MAGIC)) throw new Error('bad magic');
      const headerLength = head.readUInt32LE(8);
      const headerBytes = Buffer.alloc(headerLength);
      if (readSync(fd, headerBytes, 0, headerLength, 12) !== headerLength) throw new Error('truncated header');
      const header = JSON.parse(headerBytes.toString('utf8')) as {
        format: number; decoder: string; imageSize: number; entries: [string, number, number, string | null][];
      };
      if (header.format !== CACHE_FORMAT_VERSION || header.decoder !== DECODER_ID || header.imageSize !== imageSize) {
        throw new Error('written by a different format, decoder or image size');
      }
      const imageBytes = imageSize * imageSize * 3;
      const index = new Map<string, Lookup>();
      let slot = 0;
      for (const [path, size, mtimeMs, error] of header.entries) {
        index.set(keyOf({ path, size, mtimeMs }), error === null ? { kind: 'image', slot: slot++ } : { kind: 'error', error });
      }
      const payloadStart = 12 + headerLength;
      if (statSync(file).size !== payloadStart + slot * imageBytes) throw new Error('payload length does not match header');
      return new CacheReader(fd, imageBytes, payloadStart, index);
    } catch (error) {
      closeSync(fd);
      onInvalid(`${file}: ${(error as Error).message}`);
      return null;
    }
  }

  lookup(file: { path: string; size: number; mtimeMs: number }): Lookup | null {
    return this.index.get(keyOf(file)) ?? null;
  }

  read(slot: number, target: Uint8Array, offset: number): void {
    const n = readSync(this.fd, target, offset, this.imageBytes, this.payloadStart + slot * this.imageBytes);
    if (n !== this.imageBytes) throw new Error(`cache read of slot ${slot} returned ${n} bytes`);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Writes a bundle with writeFileAtomicSync (temp file, fsync, rename, fsync the folder), so a
 * crash, a power loss or a concurrent reader never sees half a file. `pixels(i)` gives record i's
 * bytes (records without error only); they are written chunk by chunk from the caller's array,
 * never copied into one bundle-sized buffer.
 */
export function writeCache(file: string, imageSize: number, records: CacheRecord[], pixels: (i: number) => Uint8Array): void {
  const header = Buffer.from(JSON.stringify({
    format: CACHE_FORMAT_VERSION,
    decoder: DECODER_ID,
    imageSize,
    entries: records.map((r) => [r.path, r.size, r.mtimeMs, r.error ?? null]),
  }), 'utf8');
  const head = Buffer.alloc(12);
  MAGIC.copy(head, 0);
  head.writeUInt32LE(header.length, 8);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileAtomicSync(file, (function* () {
    yield head;
    yield header;
    for (let i = 0; i < records.length; i++) if (records[i].error === undefined) yield pixels(i);
  })());
}
