import { mkdir } from 'node:fs/promises';
import { analyze } from './analysis.ts';
import { writeCurves } from './curves.ts';
import { writeHtmlReport } from './html.ts';
import { writeChartPngs } from './png-charts.ts';
import { writeResultsCsv } from './results-csv.ts';
import { writeResultsJson } from './results-json.ts';
import { writeResultsMarkdown } from './results-md.ts';
import type { ExperimentResults } from './run-record.ts';
import { buildSummary } from './summary.ts';
import { writeSummaryCsv } from './summary-csv.ts';

export interface ReportFiles {
  curves: string[];
  /** charts/*.png; empty when PNG rendering is unavailable (see chartsError). */
  charts: string[];
  /** Why no PNGs were written (native canvas missing or failing); the rest of the report is unaffected. */
  chartsError?: string;
  csv: string;
  summaryCsv: string;
  markdown: string;
  html: string;
  json: string;
}

/**
 * Write the whole report into `dir` (created if needed). Every file is replaced atomically,
 * so a crash mid-way leaves each file either at its previous complete version or the new one.
 * Order: details first (curves, charts), then the views (CSVs, Markdown, HTML), and
 * results.json last: it is the complete record, so once it is updated every file derived from
 * it already is too. Sequential on purpose, so that order holds.
 */
export async function writeReport(dir: string, results: ExperimentResults): Promise<ReportFiles> {
  await mkdir(dir, { recursive: true });
  const analysis = analyze(results);
  const summary = buildSummary(results, analysis);
  const curves = await writeCurves(dir, results.runs);
  let charts: string[] = [];
  let chartsError: string | undefined;
  try {
    charts = await writeChartPngs(dir, [...summary.charts.clinical, ...summary.charts.cost, ...summary.charts.training]);
  } catch (error) {
    // PNGs need a native module; a machine without it still gets every other file. The sweep
    // rewrites the report after each run, so this must not abort training.
    chartsError = `PNG charts not written: ${(error as Error).message}`;
    process.emitWarning(chartsError);
  }
  const csv = await writeResultsCsv(dir, results.runs);
  const summaryCsv = await writeSummaryCsv(dir, results, analysis);
  const markdown = await writeResultsMarkdown(dir, results, summary);
  const html = await writeHtmlReport(dir, results, summary);
  const json = await writeResultsJson(dir, results);
  return { curves, charts, ...(chartsError ? { chartsError } : {}), csv, summaryCsv, markdown, html, json };
}
