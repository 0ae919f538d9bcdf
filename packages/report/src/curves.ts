import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { writeFileAtomic } from '@mambabench/durable';
import { sanitizeFileStem } from './file-name.ts';
import type { EpochRecord, RunRecord } from './run-record.ts';

export const CURVES_DIR = 'curves';

export const CURVE_COLUMNS: readonly (keyof EpochRecord)[] = [
  'epoch', 'lr', 'train_loss', 'train_acc', 'val_loss', 'val_acc', 'epoch_time_s',
];

/** Per-epoch CSV text of one run's curves. */
export function curvesCsv(curves: readonly EpochRecord[]): string {
  return stringify(curves as EpochRecord[], { header: true, columns: [...CURVE_COLUMNS] });
}

/** Relative path (under the report dir) of a run's curve file. */
export function curvesFileName(runId: string): string {
  return join(CURVES_DIR, `${sanitizeFileStem(runId)}.csv`);
}

/**
 * Write `<dir>/curves/<run_id>.csv` for every run (failed runs too: their partial curves
 * help explain the failure). Returns the written paths in run order.
 */
export async function writeCurves(dir: string, runs: readonly RunRecord[]): Promise<string[]> {
  await mkdir(join(dir, CURVES_DIR), { recursive: true });
  const paths: string[] = [];
  for (const run of runs) {
    const path = join(dir, curvesFileName(run.run_id));
    await writeFileAtomic(path, curvesCsv(run.curves));
    paths.push(path);
  }
  return paths;
}
