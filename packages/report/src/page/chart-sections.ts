// The sections that are (mostly) charts: screening metrics, cost, learning curves.
import type { ConfusionView, ReportSummary } from '../summary.ts';
import { chartGrid } from './charts.ts';
import { dataTable } from './data-table.ts';
import { el, section } from './dom.ts';
import type { RenderContext } from './render-context.ts';

function confusionTable(cm: ConfusionView): HTMLElement {
  const head = el('tr', null, [el('th', { text: 'true \\ predicted' }), ...cm.classes.map((c) => el('th', { className: 'num', text: c }))]);
  const body = el('tbody', null, cm.counts.map((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    return el('tr', null, [el('th', { scope: 'row', text: cm.classes[t] }), ...row.map((n, p) => {
      const share = total ? n / total : 0;
      const td = el('td', { className: 'num', title: `${n} of ${total} true ${cm.classes[t]}` }, [
        String(n), el('span', { className: 'sub', text: `${(share * 100).toFixed(1)}%` }),
      ]);
      // Diagonal green, errors red, by row share: the eye finds the mistakes first.
      td.style.backgroundColor = `${t === p ? 'rgba(26,127,55,' : 'rgba(180,35,24,'}${(0.08 + 0.5 * share).toFixed(3)})`;
      return td;
    })]);
  }));
  return el('figure', { className: 'confusion' }, [
    el('figcaption', null, [el('span', { className: 'swatch', colour: cm.colour }),
      `${cm.model} · ${cm.label} (${cm.seeds} seed${cm.seeds === 1 ? '' : 's'}, summed)`]),
    el('table', { className: 'counts' }, [el('thead', null, [head]), body]),
  ]);
}

export function renderClinical(ctx: RenderContext, summary: ReportSummary): HTMLElement {
  const c = summary.clinical;
  const children: HTMLElement[] = [el('p', { className: 'subtitle', text: c.note })];
  if (c.table) children.push(dataTable(ctx, c.table, 'variants'));
  if (summary.charts.clinical.length) children.push(chartGrid(ctx, summary.charts.clinical));
  if (c.confusion.length) {
    children.push(el('h3', { text: 'Confusion matrices (rows: true class; cells: count and share of the row)' }));
    children.push(el('div', { className: 'confusions' }, c.confusion.map(confusionTable)));
  }
  return section('Screening metrics', 'clinical', children);
}

export function renderCost(ctx: RenderContext, summary: ReportSummary): HTMLElement | null {
  if (!summary.charts.cost.length) return null;
  return section('Cost: accuracy vs time and memory', 'cost', [chartGrid(ctx, summary.charts.cost)]);
}

export function renderTraining(ctx: RenderContext, summary: ReportSummary): HTMLElement {
  if (!summary.charts.training.length) {
    return section('Learning curves', 'training', [el('p', { className: 'empty', text: 'No per-epoch curves recorded.' })]);
  }
  return section('Learning curves', 'training', [chartGrid(ctx, summary.charts.training),
    el('p', { className: 'note', text: 'Per-run curves: curves/<run id>.csv next to this file.' })]);
}
