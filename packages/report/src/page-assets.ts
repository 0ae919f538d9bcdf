import { readFileSync } from 'node:fs';
import { chartKitSource } from './chart-kit.ts';
import { toInlineScript } from './inline-script.ts';

// The page's CSS and script live as real .css/.js files (editor support, no escaping inside
// template literals) and are read from beside this module; there is no build step to bundle them.
let css: string | undefined;
let script: string | undefined;

export function pageCss(): string {
  // "</style" would end the inline style element early; our stylesheet never needs it.
  css ??= readFileSync(new URL('./page/report.css', import.meta.url), 'utf8').replace(/<\/(style)/gi, '<\\/$1');
  return css;
}

/** The chart kit (shared with the PNG renderer) followed by the page script, as one inline script. */
export function pageScript(): string {
  script ??= toInlineScript(`${chartKitSource()}\n${readFileSync(new URL('./page/report-client.js', import.meta.url), 'utf8')}`);
  return script;
}
