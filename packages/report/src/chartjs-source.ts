import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { toInlineScript } from './inline-script.ts';

// Prefer the minified bundle: the report is one file and this is most of its size.
const BUNDLE_NAMES = ['chart.umd.min.js', 'chart.umd.js'];

let cached: string | undefined;

/**
 * Locate Chart.js's UMD bundle on disk. Its package "exports" map does not expose the UMD
 * file, so resolve the main entry (dist/chart.cjs) and look beside it, then in a dist/
 * folder next to it in case a future layout moves the main entry up a level.
 */
export function findChartJsBundle(): string {
  const main = createRequire(import.meta.url).resolve('chart.js');
  const dirs = [dirname(main), join(dirname(main), 'dist')];
  for (const dir of dirs) {
    for (const name of BUNDLE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  throw new Error(`Chart.js UMD bundle (${BUNDLE_NAMES.join(' or ')}) not found near ${main}`);
}

/** The Chart.js UMD source, safe to place inside an inline <script>; read once per process. */
export function chartJsSource(): string {
  cached ??= toInlineScript(readFileSync(findChartJsBundle(), 'utf8'));
  return cached;
}
