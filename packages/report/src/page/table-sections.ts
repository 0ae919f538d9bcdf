// The sections that are data tables: results per variant, "Is the difference real?", all runs.
import type { ReportSummary } from '../summary.ts';
import { dataTable } from './data-table.ts';
import { el, section } from './dom.ts';
import type { RenderContext } from './render-context.ts';

export function renderResults(ctx: RenderContext, summary: ReportSummary): HTMLElement {
  if (!summary.rows.length) return section('Results', 'results', [el('p', { className: 'empty', text: 'No runs yet.' })]);
  return section('Results', 'results', [
    dataTable(ctx, { columns: summary.columns, rows: summary.rows, caption: summary.mainCaption }, 'variants'),
    ...summary.notes.map((n) => el('p', { className: 'note', text: n })),
  ]);
}

export function renderComparison(ctx: RenderContext, summary: ReportSummary): HTMLElement | null {
  if (!summary.comparison && !summary.testSet) return null;
  const children: HTMLElement[] = [];
  if (summary.testSet) {
    children.push(el('h3', { text: 'On the test images (paired over the same images)' }), dataTable(ctx, summary.testSet, 'test-set'));
  }
  if (summary.comparison) {
    if (summary.testSet) children.push(el('h3', { text: 'Across seeds' }));
    children.push(dataTable(ctx, summary.comparison, 'comparisons'));
  }
  return section('Is the difference real?', 'comparison', children);
}

export function renderRuns(ctx: RenderContext, summary: ReportSummary): HTMLElement | null {
  if (!summary.runRows.length) return null;
  return section('All runs', 'runs', [el('details', null, [
    el('summary', { text: `One row per run, unaveraged (${summary.runRows.length})` }),
    dataTable(ctx, { columns: summary.runColumns, rows: summary.runRows, caption: 'One row per run; failed runs keep what they measured.' }, 'runs'),
  ])]);
}
