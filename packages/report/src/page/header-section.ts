import type { ReportSummary } from '../summary.ts';
import { el } from './dom.ts';
import type { PageResults } from './payload.ts';

export function renderHeader(data: PageResults, summary: ReportSummary): HTMLElement {
  const nOk = data.runs.filter((r) => r.status === 'ok').length;
  const nFailed = data.runs.length - nOk;
  const header = el('header', null, [
    el('h1', { text: data.experiment.name }),
    el('p', { className: 'subtitle', text: `mambabench report · ${summary.period} · ${data.runs.length} run(s): ${nOk} ok, ${nFailed} failed` }),
  ]);
  header.appendChild(el('div', { className: 'headline', role: 'note' }, [
    el('h2', { text: 'At a glance' }),
    el('ul', null, summary.headline.map((line) => el('li', { text: line }))),
  ]));
  if (summary.failures.length) {
    header.appendChild(el('p', {
      className: 'callout',
      text: `${summary.failures.length} run(s) failed; their errors are listed under their rows in the results table.`,
    }));
  }
  return header;
}
