import { readFile, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { RESULTS_JSON } from './results-json.ts';
import type { ExperimentResults } from './run-record.ts';
import { writeReport, type ReportFiles } from './write-report.ts';

export interface RebuiltReport {
  /** Directory of the report (where its results.json is). */
  dir: string;
  runs: number;
  /** Set when the report was rewritten. */
  files?: ReportFiles;
  /** Set when it could not be (unreadable or not a results file); other reports still are. */
  error?: string;
}

// Never descend into these: dependencies and hidden directories hold no reports of ours.
const SKIP_DIRS = new Set(['node_modules']);

/** Every results.json below `root`, sorted, so rebuild order (and its output) is reproducible. */
export async function findResultsFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) await walk(join(dir, e.name));
      } else if (e.isFile() && e.name === RESULTS_JSON) {
        found.push(join(dir, e.name));
      }
    }
  };
  await walk(root);
  return found.sort();
}

function asResults(value: unknown): ExperimentResults {
  const v = value as Partial<ExperimentResults> | null;
  if (!v || typeof v !== 'object' || !v.experiment || typeof v.experiment.name !== 'string' || !Array.isArray(v.runs)) {
    throw new Error('not a mambabench results file (needs experiment.name and a runs array)');
  }
  return { ...v, environment: v.environment ?? {} } as ExperimentResults;
}

/**
 * Rewrite every report below `runsDir` (e.g. reports/) from its stored results.json: the HTML,
 * CSVs, Markdown, charts and curves are regenerated with the current report code, without
 * retraining. Returns one entry per results.json found; a bad one is reported, not fatal.
 * Throws only when `runsDir` itself is missing.
 */
export async function rebuildReports(
  runsDir: string, refresh: (dir: string, results: ExperimentResults) => ExperimentResults = (_, r) => r,
): Promise<RebuiltReport[]> {
  if (!(await stat(runsDir)).isDirectory()) throw new Error(`${runsDir} is not a directory`);
  const out: RebuiltReport[] = [];
  for (const file of await findResultsFiles(runsDir)) {
    const dir = dirname(file);
    let results: ExperimentResults;
    try {
      results = refresh(dir, asResults(JSON.parse(await readFile(file, 'utf8'))));
    } catch (error) {
      out.push({ dir, runs: 0, error: `${file}: ${(error as Error).message}` });
      continue;
    }
    try {
      out.push({ dir, runs: results.runs.length, files: await writeReport(dir, results) });
    } catch (error) {
      out.push({ dir, runs: results.runs.length, error: `${dir}: ${(error as Error).message}` });
    }
  }
  return out;
}
