import type { RunRecord } from '@mambabench/report';
import { readStoredRun } from './run-store';

/** The records the store holds for these run folders, in their order; runs without one (or with a damaged one) are left out. */
export function storeRecords(runDirs: readonly string[]): RunRecord[] {
  const out: RunRecord[] = [];
  for (const dir of runDirs) {
    const stored = readStoredRun(dir, { checkpoint: false });
    if (stored.kind === 'ended') out.push(stored.record);
  }
  return out;
}
