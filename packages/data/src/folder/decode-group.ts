/**
 * Decodes the images of one source folder (a split folder) into one packed uint8 NHWC array,
 * reading what it can from the disk cache, decoding the rest in parallel, and rewriting the
 * cache when anything changed. Files that fail to decode are returned as skipped.
 */
import { availableParallelism } from 'node:os';
import { CacheReader, cacheFileFor, writeCache, type CacheRecord } from './cache.ts';
import { decodeImage } from './decode.ts';
import { forEachLimit } from './pool.ts';
import type { ScannedFile, SkippedFile } from './scan.ts';

export interface DecodeGroupOptions {
  imageSize: number;
  cacheDir: string | null;
  maxInputPixels: number;
  concurrency?: number;
  log: (line: string) => void;
}

export interface DecodedGroup {
  /** kept.length * size * size * 3 bytes, in `kept` order. */
  images: Uint8Array;
  kept: ScannedFile[];
  skipped: SkippedFile[];
  hits: number;
  misses: number;
  decodeSeconds: number;
  cacheFile: string | null;
  cacheWritten: boolean;
}

export async function decodeGroup(sourceDir: string, files: ScannedFile[], opts: DecodeGroupOptions): Promise<DecodedGroup> {
  const size = opts.imageSize;
  const bytes = size * size * 3;
  const images = new Uint8Array(files.length * bytes);
  const errors: (string | undefined)[] = new Array(files.length);
  const cacheFile = opts.cacheDir ? cacheFileFor(opts.cacheDir, sourceDir, size) : null;
  const reader = cacheFile ? CacheReader.open(cacheFile, size, (why) => opts.log(`decode cache unusable, rebuilding: ${why}`)) : null;

  const missing: number[] = [];
  let hits = 0;
  try {
    files.forEach((f, i) => {
      const found = reader?.lookup(f) ?? null;
      if (!found) return void missing.push(i);
      hits++;
      if (found.kind === 'image') reader!.read(found.slot, images, i * bytes);
      else errors[i] = found.error;
    });
  } finally {
    reader?.close();
  }

  const t0 = performance.now();
  // sharp runs each decode on libuv's pool; a couple per core hides file I/O latency.
  const concurrency = opts.concurrency ?? Math.max(2, Math.min(8, availableParallelism()));
  await forEachLimit(missing, concurrency, async (i) => {
    try {
      images.set(await decodeImage(files[i].path, size, opts.maxInputPixels), i * bytes);
    } catch (error) {
      errors[i] = (error as Error).message;
    }
  });
  const decodeSeconds = missing.length > 0 ? (performance.now() - t0) / 1000 : 0;

  const records: CacheRecord[] = files.map((f, i) => ({ path: f.path, size: f.size, mtimeMs: f.mtimeMs, error: errors[i] }));
  // Rewrite on any miss; a bundle holding entries for files since deleted is harmless and
  // is replaced by the next load that misses.
  let cacheWritten = false;
  if (cacheFile !== null && missing.length > 0) {
    // A cache that cannot be written (read-only disk, full disk) costs speed, not the load.
    try {
      writeCache(cacheFile, size, records, (i) => images.subarray(i * bytes, (i + 1) * bytes));
      cacheWritten = true;
    } catch (error) {
      opts.log(`decode cache not written: ${cacheFile}: ${(error as Error).message}`);
    }
  }

  // Pack the good images to the front, in order, so the split's array has no holes.
  const kept: ScannedFile[] = [];
  const skipped: SkippedFile[] = [];
  files.forEach((f, i) => {
    if (errors[i] !== undefined) return void skipped.push({ path: f.path, reason: `cannot decode: ${errors[i]}` });
    if (kept.length !== i) images.copyWithin(kept.length * bytes, i * bytes, (i + 1) * bytes);
    kept.push(f);
  });
  return {
    images: images.subarray(0, kept.length * bytes),
    kept, skipped, hits, misses: missing.length, decodeSeconds, cacheFile, cacheWritten,
  };
}
