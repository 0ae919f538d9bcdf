// Chart canvases: created with their section, drawn by drawCharts once in the document.
import type { Chart } from 'chart.js';
import type { ChartSpec } from '../chart-spec.ts';
import { drawChart } from './chart-kit.ts';
import { el } from './dom.ts';
import type { RenderContext } from './render-context.ts';

function chartBox(ctx: RenderContext, spec: ChartSpec): HTMLElement {
  const canvas = el('canvas', { id: `chart-${spec.id}`, role: 'img', 'aria-label': spec.title });
  ctx.charts.push({ canvas, spec });
  return el('div', { className: `chart${spec.type === 'bar' ? ' wide' : ''}` }, [canvas]);
}

export function chartGrid(ctx: RenderContext, specs: readonly ChartSpec[]): HTMLElement {
  return el('div', { className: 'charts' }, specs.map((spec) => chartBox(ctx, spec)));
}

/**
 * Draw the registered charts with the Chart.js that index.html inlines before this script (a
 * global, `Chart`); where it is missing, each canvas says so instead.
 */
export function drawCharts(ctx: RenderContext): Chart[] {
  const ChartJs = (globalThis as { Chart?: typeof Chart }).Chart;
  if (ChartJs === undefined) {
    ctx.charts.forEach((p) => {
      p.canvas.parentNode!.replaceChild(el('p', { className: 'callout', text: 'Chart.js failed to load; chart unavailable.' }), p.canvas);
    });
    return [];
  }
  return ctx.charts.map((p) => drawChart(ChartJs, p.canvas, p.spec));
}
