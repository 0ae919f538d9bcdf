/**
 * A fixed table of 65,536 standard-normal samples. Per-pixel camera noise needs ~150k
 * normals per 224-px image; two table lookups per 32-bit draw are far cheaper than
 * Box-Muller, and for 8-bit noise the table's granularity is invisible.
 */
import { Rng } from '@mambabench/random';

export const NORMAL_TABLE_BITS = 16;

export const NORMAL_TABLE: Float32Array = (() => {
  const rng = new Rng(0x5eed);
  const t = new Float32Array(1 << NORMAL_TABLE_BITS);
  for (let i = 0; i < t.length; i++) t[i] = rng.normal();
  return t;
})();
