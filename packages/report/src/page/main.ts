// The page script of index.html, bundled by page-assets.ts into one classic inline script
// (no modules or fetch, so the file works from file:// and offline). It only renders: numbers
// are computed and formatted in TypeScript (summary.ts) and arrive in the #summary block; raw
// results (without per-example predictions) are in #data.
import type { ReportSummary } from '../summary.ts';
import { renderClinical, renderCost, renderTraining } from './chart-sections.ts';
import { drawCharts } from './charts.ts';
import { el } from './dom.ts';
import { renderEnvironment } from './environment-section.ts';
import { renderHeader } from './header-section.ts';
import { DATA_BLOCK_ID, SUMMARY_BLOCK_ID, type PageResults } from './payload.ts';
import type { RenderContext } from './render-context.ts';
import { renderComparison, renderResults, renderRuns } from './table-sections.ts';

function readJson<T>(id: string): T {
  return JSON.parse(document.getElementById(id)!.textContent!) as T;
}

const data = readJson<PageResults>(DATA_BLOCK_ID);
const summary = readJson<ReportSummary>(SUMMARY_BLOCK_ID);
const ctx: RenderContext = { tables: [], charts: [] };
const app = document.getElementById('app')!;
[
  renderHeader(data, summary),
  renderResults(ctx, summary),
  renderComparison(ctx, summary),
  renderClinical(ctx, summary),
  renderCost(ctx, summary),
  renderTraining(ctx, summary),
  renderRuns(ctx, summary),
  renderEnvironment(data, summary),
  el('footer', { text: 'Self-contained report: data, charts (Chart.js) and styles are embedded; no network access. ' +
    'Full data: results.json, results.csv, summary.csv, results.md and charts/*.png next to this file.' }),
].forEach((node) => { if (node) app.appendChild(node); });
const charts = drawCharts(ctx);

// Printed pages should show everything: open collapsed sections, every table row, and refit charts to paper width.
window.addEventListener('beforeprint', () => {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  ctx.tables.forEach((t) => { t.print(true); });
  charts.forEach((c) => { c.resize(); });
});
window.addEventListener('afterprint', () => {
  ctx.tables.forEach((t) => { t.print(false); });
  charts.forEach((c) => { c.resize(); });
});
