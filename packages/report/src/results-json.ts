import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@mambabench/durable';
import type { ExperimentResults } from './run-record.ts';

export const RESULTS_JSON = 'results.json';

/** Write `<dir>/results.json` (pretty, trailing newline for diff-friendliness); returns its path. */
export async function writeResultsJson(dir: string, results: ExperimentResults): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, RESULTS_JSON);
  await writeFileAtomic(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}
