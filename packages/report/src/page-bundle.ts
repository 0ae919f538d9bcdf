import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

/**
 * page/main.ts and what it imports, bundled by esbuild into one classic script for index.html's
 * inline <script>. The only module that needs esbuild: tools/webgpu/device-pack.sh swaps it for
 * its output when it packs the CLI for a machine without node_modules.
 */
export function bundlePageScript(): string {
  const result = buildSync({
    entryPoints: [fileURLToPath(new URL('./page/main.ts', import.meta.url))],
    // Paths in the bundle's comments are relative to this: the same bytes from any directory.
    absWorkingDir: fileURLToPath(new URL('..', import.meta.url)),
    bundle: true,
    write: false,
    // A classic script in its own scope: nothing leaks into the page's globals.
    format: 'iife',
    // The browser platform refuses Node built-ins: a value import of a Node-side module
    // (anything but `import type` from outside page/) fails here instead of shipping.
    platform: 'browser',
    // No newer syntax than the Chart.js build the page inlines.
    target: 'es2018',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
