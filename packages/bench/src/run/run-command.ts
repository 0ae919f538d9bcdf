import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunRecord } from '@mambabench/report';
import type { RunConfig } from '../experiment/expand';
import { failedRecord } from '../sweep/failed-record';
import { failureStatus } from './end-reason';
import { stopOnSignals } from './stop-signals';
import { trainRun } from './train-run';
import { storeRecord } from '../store/run-store';

/** The exit code of a run stopped by SIGINT / SIGTERM after writing its checkpoint (128 + SIGINT). */
export const INTERRUPTED_EXIT = 130;

/** What an interrupted run prints last: where it stopped and how to continue. */
export function resumeHint(record: RunRecord, runDir: string): string {
  const at = record.stopped_at ? `epoch ${record.stopped_at.epoch}, step ${record.stopped_at.step}` : 'its last step';
  return `interrupted at ${at}; checkpoint in ${join(runDir, 'last')}. To continue exactly from there, run the same sweep command again`;
}

/**
 * `mambabench run`: trains one run and writes its record, whatever ends it: finished ('ok', exit
 * 0), a NaN loss ('diverged', exit 0: the record is the result), SIGINT / SIGTERM ('interrupted',
 * a checkpoint to continue from, exit 130), or an error ('failed' or 'oom' with the error, exit 1).
 */
export async function runFromConfig(configPath: string, recordPath: string, label: string, resume: boolean): Promise<number> {
  const cfg = JSON.parse(readFileSync(configPath, 'utf8')) as RunConfig;
  const runDir = dirname(recordPath);
  const startedAt = new Date().toISOString();
  const stop = stopOnSignals();
  let record: RunRecord;
  try {
    record = await trainRun(cfg, { label, runDir, resume, stop: stop.signal });
  } catch (error) {
    const message = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
    const status = failureStatus(message);
    console.error(`${label} ${cfg.run_id}: ${status === 'oom' ? 'out of memory' : 'failed'}: ${message}`);
    // Last: on a full disk this write fails too, and the sweep records the failure from stderr.
    await storeRecord(recordPath, failedRecord(cfg, message, startedAt, cfg.backend, status));
    return 1;
  } finally {
    stop.dispose();
  }
  await storeRecord(recordPath, record);
  if (record.status === 'interrupted') {
    console.log(`${label} ${cfg.run_id} | ${resumeHint(record, runDir)}`);
    return INTERRUPTED_EXIT;
  }
  return 0;
}
