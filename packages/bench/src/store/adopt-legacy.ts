import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { sanitizeFileStem } from '@mambabench/report';
import type { RunConfig } from '../experiment/expand';
import { CONFIG_FILE, RECORD_FILE } from './run-store';
import { runKey } from './run-key';

/**
 * Stores written before run keys named each run's folder after its run id. Such a folder whose
 * configuration gives this run's key (its record's data fingerprint standing in for the data's
 * path) is this run: returns its path, or null. Reads only.
 */
export function legacyRunDir(runsDir: string, cfg: RunConfig, key: string): string | null {
  const legacy = join(runsDir, sanitizeFileStem(cfg.run_id));
  if (legacy === join(runsDir, key) || !existsSync(join(legacy, CONFIG_FILE))) return null;
  try {
    const old = JSON.parse(readFileSync(join(legacy, CONFIG_FILE), 'utf8')) as RunConfig;
    const recordPath = join(legacy, RECORD_FILE);
    const fingerprint = existsSync(recordPath) ? (JSON.parse(readFileSync(recordPath, 'utf8')) as { dataset?: { fingerprint?: string } }).dataset?.fingerprint : undefined;
    // Without a record there is no fingerprint of the data it used: only an unfinished run, which is retrained.
    return fingerprint && runKey(old, fingerprint) === key ? legacy : null;
  } catch {
    return null; // unreadable: not adopted
  }
}

/** Renames this run's legacy folder (legacyRunDir) to its key, so its finished run is used, not retrained. */
export function adoptLegacyRun(runsDir: string, cfg: RunConfig, key: string): boolean {
  const legacy = legacyRunDir(runsDir, cfg, key);
  if (!legacy || existsSync(join(runsDir, key))) return false;
  renameSync(legacy, join(runsDir, key));
  return true;
}
