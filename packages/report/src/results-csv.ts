import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { writeFileAtomic } from '@mambabench/durable';
import { adapterName } from './gpu-adapter.ts';
import { RUN_COLUMNS, type RunCsvRow, type RunRecord, type RunRow } from './run-record.ts';

export const RESULTS_CSV = 'results.csv';

/** What results.csv reads from a run: its row, and the adapter to flatten (absent in older records). */
export type RunCsvSource = RunRow & Pick<RunRecord, 'adapter' | 'experiment'>;

/** The adapter object as two plain cells; strings, because csv-stringify writes booleans as "1" / "". */
function csvRow(run: RunCsvSource): RunCsvRow {
  const a = run.adapter;
  return {
    ...run,
    gpu_memory_mb: run.gpu_memory_mb ?? null,
    gpu_adapter: a ? adapterName(a) : null,
    gpu_adapter_software: a ? (a.software ? 'true' : 'false') : null,
  };
}

/**
 * results.csv text: the RUN_COLUMNS, in order, one row per run. Extra RunRecord fields are
 * ignored by the column list; null becomes an empty cell and numbers keep full precision
 * (csv-stringify's default casts), so the CSV can be re-analysed without loss. A compare report's
 * runs carry their experiment: it comes first, as an `experiment` column (only there, so a single
 * experiment's header stays RUN_COLUMNS).
 */
export function resultsCsv(runs: readonly RunCsvSource[]): string {
  const columns = runs.some((r) => r.experiment !== undefined) ? ['experiment', ...RUN_COLUMNS] : [...RUN_COLUMNS];
  return stringify(runs.map(csvRow), { header: true, columns });
}

/** Write `<dir>/results.csv`; returns its path. */
export async function writeResultsCsv(dir: string, runs: readonly RunCsvSource[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, RESULTS_CSV);
  await writeFileAtomic(path, resultsCsv(runs));
  return path;
}
