/**
 * Content fingerprint of a loaded folder dataset for the report: the relative path, byte size
 * and label of every image per split, plus the image size. Paths are root-relative so the
 * same tree copied elsewhere gives the same fingerprint; mtimes are left out for the same
 * reason (a copy or checkout changes them without changing the data).
 */
import { createHash } from 'node:crypto';

export interface FingerprintEntry {
  rel: string;
  size: number;
  label: number;
}

export function folderFingerprint(imageSize: number, classNames: string[], splits: [string, FingerprintEntry[]][]): string {
  const h = createHash('sha256');
  h.update(`image-folder/1\n${imageSize}\n${classNames.join('\t')}\n`);
  for (const [name, entries] of splits) {
    for (const e of entries) h.update(`${name}\t${e.rel}\t${e.size}\t${e.label}\n`);
  }
  return h.digest('hex').slice(0, 12);
}
