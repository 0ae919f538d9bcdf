import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { sanitizeFileStem } from '@mambabench/report';
import type { RunConfig } from '../experiment/expand';
import { CONFIG_FILE, RECORD_FILE } from './run-store';
import { runKey } from './run-key';

/**
 * Stores written before run keys named each run's folder after its run id. A folder of that name
 * whose configuration gives this run's key (its record's data fingerprint standing in for the
 * data's path) is renamed to the key, so its finished run or checkpoint is used, not retrained.
 * Returns true when it moved one.
 */
export function adoptLegacyRun(runsDir: string, cfg: RunConfig, key: string): boolean {
  const legacy = join(runsDir, sanitizeFileStem(cfg.run_id));
  const target = join(runsDir, key);
  if (legacy === target || existsSync(target) || !existsSync(join(legacy, CONFIG_FILE))) return false;
  try {
    const old = JSON.parse(readFileSync(join(legacy, CONFIG_FILE), 'utf8')) as RunConfig;
    const recordPath = join(legacy, RECORD_FILE);
    const fingerprint = existsSync(recordPath) ? (JSON.parse(readFileSync(recordPath, 'utf8')) as { dataset?: { fingerprint?: string } }).dataset?.fingerprint : undefined;
    // Without a record there is no fingerprint of the data it used: only an unfinished run, which is retrained.
    if (!fingerprint || runKey(old, fingerprint) !== key) return false;
  } catch {
    return false; // unreadable: leave it where it is
  }
  renameSync(legacy, target);
  return true;
}
