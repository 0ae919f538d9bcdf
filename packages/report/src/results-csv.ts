import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { writeFileAtomic } from './atomic-write.ts';
import { RUN_COLUMNS, type RunRow } from './run-record.ts';

export const RESULTS_CSV = 'results.csv';

/**
 * results.csv text: the RUN_COLUMNS, in order, one row per run. Extra RunRecord fields are
 * ignored by the column list; null becomes an empty cell and numbers keep full precision
 * (csv-stringify's default casts), so the CSV can be re-analysed without loss.
 */
export function resultsCsv(runs: readonly RunRow[]): string {
  return stringify(runs as RunRow[], { header: true, columns: [...RUN_COLUMNS] });
}

/** Write `<dir>/results.csv`; returns its path. */
export async function writeResultsCsv(dir: string, runs: readonly RunRow[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, RESULTS_CSV);
  await writeFileAtomic(path, resultsCsv(runs));
  return path;
}
