import { readFileSync } from 'node:fs';
import { toInlineScript } from './inline-script.ts';
import { bundlePageScript } from './page-bundle.ts';

// The page's CSS is a real .css file, read from beside this module. Its script is TypeScript
// under page/ (type-checked with the rest of the package), bundled when a report is first
// written in a process rather than by a build step: the CLI, the sweep and the tests all run
// from source through tsx, whose esbuild does the bundling, so a fresh clone needs nothing
// built first and a report never carries a stale bundle of an edited page.
let css: string | undefined;
let script: string | undefined;

export function pageCss(): string {
  // "</style" would end the inline style element early; our stylesheet never needs it.
  css ??= readFileSync(new URL('./page/report.css', import.meta.url), 'utf8').replace(/<\/(style)/gi, '<\\/$1');
  return css;
}

/** The bundled page script, safe to place inside an inline <script>; bundled once per process. */
export function pageScript(): string {
  script ??= toInlineScript(bundlePageScript());
  return script;
}
