import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@mambabench/durable';
import type { RunRecord } from '@mambabench/report';
import type { RunConfig } from '../experiment/expand';
import { failedRecord } from './failed-record';
import { failureStatus } from '../run/end-reason';
import { runMambabenchChild, type ChildOutput } from '../child-process';
import { CONFIG_FILE, RECORD_FILE, readStoredRun, storeRecord } from '../store/run-store';

export interface SpawnRunOptions {
  label: string;
  /** wasm threads of the run's process. */
  threads?: number;
  /** Aborted when the sweep is stopped: the run gets one SIGTERM, finishes its step and checkpoints. */
  stop?: AbortSignal;
  /** Start from scratch even if the folder holds a checkpoint (an out-of-memory retry with another batch split). */
  fresh?: boolean;
  /** Where the run process's lines and progress events go (the sweep's progress view); default this process's stdout and stderr. */
  output?: ChildOutput;
}

/**
 * Trains one run in its own Node process (`mambabench run`). A process per run keeps the wasm
 * backend's 4 GiB heap per run, isolates a crash (an aborted wasm heap stays dead for the rest of
 * its process) and makes peak RSS a per-run number. The run continues from its last checkpoint
 * when the folder holds one of its own configuration. The child writes its record (and the
 * manifest that vouches for it) however the run ends (finished, diverged, interrupted, failed,
 * out of memory); an exit without a new one (killed, or a wasm abort that hung it) becomes a
 * 'failed' or 'oom' record carrying the tail of the child's stderr, stored the same way.
 */
export async function spawnRun(cfg: RunConfig, runDir: string, options: SpawnRunOptions): Promise<RunRecord> {
  mkdirSync(runDir, { recursive: true });
  const configPath = join(runDir, CONFIG_FILE);
  const recordPath = join(runDir, RECORD_FILE);
  // Rewritten each time: the data's path may have moved since the run started (it is not part of
  // the run's key). Atomic, since the run process reads it and a kill must not leave half a file.
  await writeFileAtomic(configPath, JSON.stringify(cfg, null, 2));
  const startedAt = new Date().toISOString();
  const before = existsSync(recordPath) ? readStoredRun(runDir, { checkpoint: false }) : null;
  const args = ['run', '--config', configPath, '--record', recordPath, '--label', options.label, ...(options.fresh ? [] : ['--resume'])];
  // The wasm backend's thread pool per run: the sweep divides the cores among parallel runs.
  const env = options.threads ? { ...process.env, MAMBABENCH_THREADS: String(options.threads) } : process.env;
  const { code, stderrTail } = await runMambabenchChild(args, env, options.stop, options.output);
  const after = readStoredRun(runDir, { checkpoint: false });
  const fresh = after.kind === 'ended' && after.record.finished_at !== (before?.kind === 'ended' ? before.record.finished_at : undefined);
  if (fresh) return after.record;
  const lastError = stderrTail.trim().split('\n').filter(Boolean).slice(-6).join('\n');
  const record = failedRecord(cfg, `run process exited with code ${code}${lastError ? `: ${lastError}` : ''}`, startedAt, cfg.backend, failureStatus(stderrTail));
  try {
    await storeRecord(recordPath, record);
  } catch (error) {
    // A full disk: the failure is still reported (this sweep's log and report), just not stored.
    record.error += `\n(the record could not be stored: ${(error as Error).message})`;
  }
  return record;
}
