import type { ReportSummary } from '../summary.ts';
import { RUN_STATUSES } from '../run-record.ts';
import { runStatusWord } from '../run-status.ts';
import { el } from './dom.ts';
import type { PageResults } from './payload.ts';

export function renderHeader(data: PageResults, summary: ReportSummary): HTMLElement {
  // "5 run(s): 3 ok, 1 diverged, 1 out of memory"; a plain sweep reads "4 run(s): 4 ok, 0 failed" as before.
  const counts = RUN_STATUSES.map((s) => [s, data.runs.filter((r) => r.status === s).length] as const)
    .filter(([s, n]) => n > 0 || s === 'ok' || s === 'failed');
  const tally = counts.map(([s, n]) => `${n} ${runStatusWord(s)}`).join(', ');
  const header = el('header', null, [
    el('h1', { text: data.experiment.name }),
    el('p', { className: 'subtitle', text: `mambabench report · ${summary.period} · ${data.runs.length} run(s): ${tally}` }),
  ]);
  header.appendChild(el('div', { className: 'headline', role: 'note' }, [
    el('h2', { text: 'At a glance' }),
    el('ul', null, summary.headline.map((line) => el('li', { text: line }))),
  ]));
  if (summary.failures.length) {
    header.appendChild(el('p', {
      className: 'callout',
      text: `${summary.failures.length} run(s) did not finish; why is listed under their rows in the results table.`,
    }));
  }
  return header;
}
