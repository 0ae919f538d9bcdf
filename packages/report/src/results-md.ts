import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@mambabench/durable';
import type { ExperimentResults } from './run-record.ts';
import { buildSummary, type ReportSummary } from './summary.ts';
import type { TableView } from './view-types.ts';

export const RESULTS_MD = 'results.md';

/** Cell text safe inside a Markdown table: pipes escaped, line breaks flattened. */
export function mdCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * A view as a GitHub-flavoured Markdown table; best cells in bold; columns in `skip` left out;
 * with `withSub`, each cell's second line (its interval) follows in brackets' own text.
 */
export function markdownTable(view: Pick<TableView, 'columns' | 'rows'>, skip: readonly string[] = [], withSub = false): string {
  const keep = view.columns.map((c, i) => [c, i] as const).filter(([c]) => !skip.includes(c.key));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(keep.map(([c]) => mdCell(c.label))),
    line(keep.map(([c]) => (c.numeric ? '--:' : '---'))),
    ...view.rows.map((r) => line(keep.map(([, i]) => {
      const cell = r.cells[i]!;
      const text = mdCell(cell.text);
      const sub = withSub && cell.sub ? ` ${mdCell(cell.sub)}` : '';
      return (cell.best ? `**${text}**` : text) + sub;
    }))),
  ].join('\n');
}

/** Which GPU the numbers come from: the adapters with their run counts, or that there was none. */
function adapterLine(summary: ReportSummary): string {
  const adapters = summary.environment.adapters;
  if (adapters.length === 0) return 'GPU adapter: none (no run used the webgpu backend).';
  return `GPU adapter: ${adapters.map((a) => `${mdCell(a.label)} (${a.runs} run${a.runs === 1 ? '' : 's'})`).join('; ')}.`;
}

/** results.md: the published-style table (and the comparison and screening tables) to paste into a paper. */
export function resultsMarkdown(results: ExperimentResults, summary: ReportSummary = buildSummary(results)): string {
  const parts = [`# ${results.experiment.name}: results`, ''];
  if (summary.rows.length === 0) return [...parts, 'No runs yet.', ''].join('\n');
  parts.push(...summary.headline.map((l) => `- ${l}`), '');
  parts.push('## Models', '', markdownTable(summary, ['status']), '');
  parts.push(`Mean ± sample std over seeds; **bold** = best per column. Test accuracy at the best-validation epoch. ` +
    'Peak tensor and RSS in MB (2^20 bytes); GPU memory in MiB, — for CPU backends; published GPU memory in GB as printed. ' +
    'Train time in seconds or h:mm:ss, MACs per image. 95% confidence intervals: summary.csv and index.html.', '');
  for (const note of summary.notes) parts.push(note, '');
  if (summary.testSet) {
    parts.push('## Difference to the best, on the test images', '', markdownTable(summary.testSet, [], true), '', summary.testSet.caption, '');
  }
  if (summary.comparison) {
    parts.push(summary.testSet ? '## Difference to the best, across seeds' : '## Difference to the best', '', markdownTable(summary.comparison), '', summary.comparison.caption, '');
  }
  if (summary.clinical.table) {
    parts.push('## Screening metrics', '', markdownTable(summary.clinical.table), '', summary.clinical.note, '');
  }
  if (summary.failures.length) {
    parts.push('## Runs that did not finish', '', ...summary.failures.map((f) => `- ${mdCell(f.run_id)}: ${mdCell(f.error.split('\n')[0]!)}`), '');
  }
  const ds = summary.datasets.map((d) => `${d.name} (${d.fingerprint})`).join(', ');
  parts.push(`Data: ${ds || 'not recorded'}. Experiment file: ${results.experiment.file}${results.experiment.settings?.length ? ` with ${results.experiment.settings.join(' ')}` : ''}.`, '');
  parts.push(adapterLine(summary), '');
  return parts.join('\n');
}

export async function writeResultsMarkdown(dir: string, results: ExperimentResults, summary?: ReportSummary): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, RESULTS_MD);
  await writeFileAtomic(path, resultsMarkdown(results, summary));
  return path;
}
