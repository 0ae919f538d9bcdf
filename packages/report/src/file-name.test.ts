import { describe, expect, it } from 'vitest';
import { sanitizeFileStem } from './file-name.ts';

describe('sanitizeFileStem', () => {
  it('keeps safe ids unchanged', () => {
    expect(sanitizeFileStem('nnmamba3-scaled__s1__ab12cd')).toBe('nnmamba3-scaled__s1__ab12cd');
  });

  it('removes path separators, traversal and odd characters', () => {
    for (const id of ['../../etc/passwd', 'a/b', 'a\\b', 'x:y*?"<>|', '.hidden', 'ü ñ', '']) {
      const stem = sanitizeFileStem(id);
      expect(stem).toMatch(/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/);
    }
  });

  it('keeps distinct ids distinct after sanitizing', () => {
    expect(sanitizeFileStem('a/b')).not.toBe(sanitizeFileStem('a:b'));
    expect(sanitizeFileStem('a/b')).not.toBe('a_b');
  });

  it('bounds the length', () => {
    expect(sanitizeFileStem('x'.repeat(1000)).length).toBeLessThanOrEqual(130);
  });
});
