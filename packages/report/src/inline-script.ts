/**
 * Make JavaScript source safe to place inside an inline <script> element. The HTML parser ends
 * a script at "</script" and treats "<!--" specially regardless of JS syntax; in real code
 * those can only occur inside string/regex literals (or comments), where "<\/" and "<\!"
 * mean the same thing.
 */
export function toInlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
