import { readFileSync } from 'node:fs';
import type { ChartSpec } from './chart-spec.ts';

/** What page/chart-kit.js returns: a Chart.js configuration (typed loosely: Chart.js's own types are per chart type). */
export interface ChartKit {
  toChartConfig(spec: ChartSpec, env?: { static?: boolean }): { type: string; data: unknown; options: Record<string, unknown>; plugins: unknown[] };
  /** The subtitle as Chart.js gets it: one string, or lines of whole sentences when long. */
  subtitleLines(text: string | undefined): string | string[];
}

let source: string | undefined;
let kit: ChartKit | undefined;

/** Source of page/chart-kit.js, as inlined into the page. */
export function chartKitSource(): string {
  source ??= readFileSync(new URL('./page/chart-kit.js', import.meta.url), 'utf8');
  return source;
}

/**
 * The same chart kit, evaluated in Node for the PNG exports. It is a classic script (so the
 * page can inline it) that declares one var; evaluating it in a function scope and returning
 * that var keeps it out of Node's globals.
 */
export function chartKit(): ChartKit {
  kit ??= new Function(`${chartKitSource()}\nreturn MambaChartKit;`)() as ChartKit;
  return kit;
}
