import { describe, expect, it } from 'vitest';
import { embedJson } from './json-embed.ts';

describe('embedJson', () => {
  const nasty = {
    a: '</script><script>alert(1)</script>',
    b: '<!-- x -->',
    c: 'line\u2028sep\u2029para',
    d: ['&amp;', ']]>'],
    n: [1.5, null, -0.25],
  };

  it('round-trips through JSON.parse', () => {
    expect(JSON.parse(embedJson(nasty))).toEqual(nasty);
  });

  it('contains no characters that could break out of a script element', () => {
    const text = embedJson(nasty);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(text).toContain('\\u003c/script\\u003e');
  });

  it('rejects values JSON cannot represent', () => {
    expect(() => embedJson(undefined)).toThrow(TypeError);
  });
});
