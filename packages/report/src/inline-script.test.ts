import { describe, expect, it } from 'vitest';
import { toInlineScript } from './inline-script.ts';

describe('toInlineScript', () => {
  it('neutralises script terminators and comment openers without changing string values', () => {
    const src = 'var a = "</SCRIPT><!-- x"; var b = /<\\/script>/;';
    const safe = toInlineScript(src);
    expect(safe).not.toMatch(/<\/script|<!--/i);
    // Evaluated as JS, the string literal still holds the original text.
    expect(new Function(`${safe}; return a;`)()).toBe('</SCRIPT><!-- x');
  });

  it('leaves ordinary code untouched', () => {
    expect(toInlineScript('if (a < b) { c(); }')).toBe('if (a < b) { c(); }');
  });
});
