import { createHash } from 'node:crypto';

// Long enough for `${variant}__s${seed}__${hash}`, well under common 255-byte name limits.
const MAX_STEM = 120;

/**
 * A file-name stem derived from an arbitrary id: only [A-Za-z0-9._-], no leading dot.
 * When anything had to change, a short hash of the original id is appended so that two ids
 * that sanitize to the same text (e.g. "a/b" and "a:b") still get distinct files.
 */
export function sanitizeFileStem(id: string): string {
  let stem = id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.]+/, '_');
  if (stem === id && stem.length > 0 && stem.length <= MAX_STEM) return stem;
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 8);
  stem = stem.slice(0, MAX_STEM);
  return stem.length > 0 ? `${stem}-${hash}` : hash;
}
