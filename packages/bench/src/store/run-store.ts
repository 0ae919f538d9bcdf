import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { checkpointProblem } from '@mambabench/core';
import { runLockPath, writeFileAtomic } from '@mambabench/durable';
import type { RunRecord } from '@mambabench/report';

/**
 * A run's folder in the store (`<out>/runs/<run key>/`):
 *   config.json    the run's full configuration, as the run process reads it
 *   record.json    written once the run has ended (finished, failed, interrupted, ...)
 *   manifest.json  the SHA-256 of record.json, written right after it
 *   last/, best/   checkpoints (their own manifest carries their own checks)
 * Every file is written atomically, so a kill leaves either the old or the new file; the manifest
 * catches what atomic writes cannot: a file changed or damaged after it was written.
 */
export const CONFIG_FILE = 'config.json';
export const RECORD_FILE = 'record.json';
export const MANIFEST_FILE = 'manifest.json';

export type StoredRun =
  | { kind: 'absent' }
  /** Configured and perhaps checkpointed, but no record: running elsewhere, or killed. */
  | { kind: 'started' }
  | { kind: 'ended'; record: RunRecord }
  | { kind: 'corrupt'; why: string };

const sha256 = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * What the store holds for one run, with record.json checked against its manifest and, for a run
 * that would continue, its last/ checkpoint against its SHA-256. `checkpoint: false` skips that
 * hash (megabytes per run) where only the records are wanted: the report, a record just written.
 */
export function readStoredRun(runDir: string, { checkpoint = true } = {}): StoredRun {
  if (!existsSync(join(runDir, CONFIG_FILE))) return { kind: 'absent' };
  const recordPath = join(runDir, RECORD_FILE);
  // A run that will continue from last/ needs it whole; a finished one no longer reads it.
  const lastProblem = () => (checkpoint ? checkpointProblem(join(runDir, 'last')) : null);
  if (!existsSync(recordPath)) {
    const problem = lastProblem();
    return problem ? { kind: 'corrupt', why: problem } : { kind: 'started' };
  }
  const bytes = readFileSync(recordPath);
  const manifestPath = join(runDir, MANIFEST_FILE);
  // A record without a manifest was cut off between the two atomic writes (or comes from a store
  // made before manifests): it is whole, since it was written atomically, so it is trusted if it parses.
  if (existsSync(manifestPath)) {
    let expected: unknown;
    try {
      expected = (JSON.parse(readFileSync(manifestPath, 'utf8')) as { files?: Record<string, string> }).files?.[RECORD_FILE];
    } catch (error) {
      return { kind: 'corrupt', why: `${manifestPath} does not parse: ${(error as Error).message}` };
    }
    if (expected !== sha256(bytes)) return { kind: 'corrupt', why: `${recordPath} does not match the SHA-256 in ${MANIFEST_FILE}` };
  }
  try {
    const record = JSON.parse(bytes.toString('utf8')) as RunRecord;
    if (typeof record.status !== 'string' || typeof record.run_id !== 'string') throw new Error('no run_id or status');
    const problem = record.status === 'interrupted' ? lastProblem() : null;
    return problem ? { kind: 'corrupt', why: problem } : { kind: 'ended', record };
  } catch (error) {
    return { kind: 'corrupt', why: `${recordPath} is not a run record: ${(error as Error).message}` };
  }
}

/** Writes a run's record (normally `<run dir>/record.json`), then the manifest beside it that vouches for it. */
export async function storeRecord(recordPath: string, record: RunRecord): Promise<void> {
  const text = JSON.stringify(record, null, 2);
  await writeFileAtomic(recordPath, text);
  await writeFileAtomic(join(dirname(recordPath), MANIFEST_FILE), JSON.stringify({ files: { [basename(recordPath)]: sha256(text) } }, null, 2));
}

/**
 * Empties a run's folder so that it trains from scratch (--force, --retry-failed, a corrupt file),
 * all but its lock: the sweep clears a run while holding it.
 */
export function clearRun(runDir: string): void {
  if (!existsSync(runDir)) return;
  const lock = basename(runLockPath(runDir));
  for (const name of readdirSync(runDir)) if (name !== lock) rmSync(join(runDir, name), { recursive: true, force: true });
}
