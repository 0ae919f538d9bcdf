import { readFileSync } from 'node:fs';
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

export function pageScript(): string {
  script ??= toInlineScript(readFileSync(new URL('./page/report-client.js', import.meta.url), 'utf8'));
  return script;
}
