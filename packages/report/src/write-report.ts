import { mkdir } from 'node:fs/promises';
import { writeCurves } from './curves.ts';
import { writeHtmlReport } from './html.ts';
import { writeResultsCsv } from './results-csv.ts';
import { writeResultsJson } from './results-json.ts';
import type { ExperimentResults } from './run-record.ts';

export interface ReportFiles {
  curves: string[];
  csv: string;
  html: string;
  json: string;
}

/**
 * Write the whole report into `dir` (created if needed). Every file is replaced atomically,
 * so a crash mid-way leaves each file either at its previous complete version or the new one.
 * Order: details first (curves), then the views (CSV, HTML), and results.json last: it is the
 * complete record, so once it is updated every file derived from it already is too.
 * Sequential on purpose, so that order holds.
 */
export async function writeReport(dir: string, results: ExperimentResults): Promise<ReportFiles> {
  await mkdir(dir, { recursive: true });
  const curves = await writeCurves(dir, results.runs);
  const csv = await writeResultsCsv(dir, results.runs);
  const html = await writeHtmlReport(dir, results);
  const json = await writeResultsJson(dir, results);
  return { curves, csv, html, json };
}
