// Environment, data and experiment: machine, run settings, GPU adapters, datasets, the spec.
import type { AdapterView } from '../environment-view.ts';
import type { DatasetSummary, ReportSummary } from '../summary.ts';
import { el, kvList, section } from './dom.ts';
import type { PageResults } from './payload.ts';

function renderDataset(ds: DatasetSummary): HTMLElement {
  const head = el('tr', null, [
    el('th', { text: 'Split' }),
    ...ds.classes.map((c) => el('th', { className: 'num', text: `class ${c}` })),
    el('th', { className: 'num', text: 'total' }),
  ]);
  const body = el('tbody', null, ds.splits.map((split, i) => {
    const row = ds.counts[i]!;
    const total = row.reduce<number>((a, b) => a + (b || 0), 0);
    return el('tr', null, [
      el('td', { text: split }),
      ...row.map((n) => el('td', { className: 'num', text: n === null ? '—' : String(n) })),
      el('td', { className: 'num', text: String(total) }),
    ]);
  }));
  const notes = (ds.notes || []).map((n) => el('p', { className: 'note', text: n }));
  const skipped = ds.skipped || [];
  const skippedBlock = skipped.length === 0 ? el('p', { className: 'note', text: 'No file was skipped.' }) : el('details', null, [
    el('summary', { text: `${skipped.length} file(s) skipped, with why` }),
    el('ul', null, skipped.slice(0, 500).map((s) => el('li', { text: `${s.path}: ${s.reason}` }))),
  ]);
  return el('div', null, [
    el('h3', { text: 'Dataset' }),
    kvList([['Name', ds.name], ['Fingerprint', ds.fingerprint]]),
    el('div', { className: 'table-wrap' }, [el('table', { className: 'counts' }, [el('thead', null, [head]), body])]),
    ...notes,
    skippedBlock,
  ]);
}

// The GPU the memory and time figures come from; a software adapter is flagged, as its
// "GPU" numbers are really a CPU's.
function renderAdapters(adapters: readonly AdapterView[]): HTMLElement {
  const children: HTMLElement[] = [el('h3', { text: 'GPU adapter' })];
  if (!adapters.length) children.push(el('p', { className: 'empty', text: 'none: no run used the webgpu backend' }));
  adapters.forEach((a) => {
    children.push(el('p', {
      className: a.software ? 'callout' : null,
      text: `${a.label} · ${a.runs} run${a.runs === 1 ? '' : 's'}${a.software ? ' · software adapter: no real GPU' : ''}`,
    }));
    children.push(kvList(a.details));
  });
  return el('div', { className: 'adapters' }, children);
}

export function renderEnvironment(data: PageResults, summary: ReportSummary): HTMLElement {
  const env = summary.environment;
  const children: HTMLElement[] = [el('div', { className: 'meta' }, [
    el('div', null, [el('h3', { text: 'Machine and software' }),
      env.machine.length ? kvList(env.machine) : el('p', { className: 'empty', text: 'not recorded' })]),
    el('div', null, [el('h3', { text: 'Run settings' }),
      env.settings.length ? kvList(env.settings) : el('p', { className: 'empty', text: 'no runs' })]),
    renderAdapters(env.adapters),
  ])];
  summary.datasets.forEach((ds) => { children.push(renderDataset(ds)); });
  children.push(el('h3', { text: 'Experiment file' }));
  children.push(kvList([['File', data.experiment.file], ['Name', data.experiment.name], ...(data.experiment.settings?.length ? [['Command-line settings', data.experiment.settings.join(' ')] as [string, string]] : [])]));
  children.push(el('pre', { className: 'spec', text: JSON.stringify(data.experiment.spec, null, 2) }));
  return section('Environment, data and experiment', 'environment', children);
}
