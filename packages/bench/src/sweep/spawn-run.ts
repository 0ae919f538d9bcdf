import { existsSync, readFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@mambabench/durable';
import type { RunRecord } from '@mambabench/report';
import type { RunConfig } from '../experiment/expand';
import { failedRecord } from './failed-record';
import { failureStatus } from '../run/end-reason';
import { runMambabenchChild } from '../child-process';
import { configText } from './plan';

/**
 * Trains one run in its own Node process (`mambabench run`). A process per run keeps the wasm
 * backend's 4 GiB heap per run, isolates a crash (an aborted wasm heap stays dead for the rest of
 * its process) and makes peak RSS a per-run number; `threads` sizes its wasm thread pool. The
 * child writes its record atomically however the run ends (finished, diverged, interrupted,
 * failed, out of memory); an exit without one (killed, or a wasm abort that hung it) becomes a
 * 'failed' or 'oom' record carrying the tail of the child's stderr.
 */
export async function spawnRun(cfg: RunConfig, runDir: string, label: string, resume = false, threads?: number, stop?: AbortSignal): Promise<RunRecord> {
  mkdirSync(runDir, { recursive: true });
  const configPath = join(runDir, 'config.json');
  const recordPath = join(runDir, 'record.json');
  // Atomic: the run process reads its settings from this file, and a resumed run checks its
  // checkpoint against them, so a kill mid-write must not leave half a file behind.
  await writeFileAtomic(configPath, configText(cfg));
  rmSync(recordPath, { force: true }); // a record from an earlier sweep must not pass for this one
  const startedAt = new Date().toISOString();
  const args = ['run', '--config', configPath, '--record', recordPath, '--label', label, ...(resume ? ['--resume'] : [])];
  // The wasm backend's thread pool per run: the sweep divides the cores among parallel runs.
  const env = threads ? { ...process.env, MAMBABENCH_THREADS: String(threads) } : process.env;
  const { code, stderrTail } = await runMambabenchChild(args, env, stop);
  if (existsSync(recordPath)) {
    return JSON.parse(readFileSync(recordPath, 'utf8')) as RunRecord;
  }
  const lastError = stderrTail.trim().split('\n').filter(Boolean).slice(-6).join('\n');
  return failedRecord(cfg, `run process exited with code ${code}${lastError ? `: ${lastError}` : ''}`, startedAt, cfg.backend, failureStatus(stderrTail));
}
