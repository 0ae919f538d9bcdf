import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runStatusText, sanitizeFileStem, type RunRecord } from '@mambabench/report';

/** What a sweep would do with one run, for `sweep --dry-run`. */
export interface PlannedRun {
  runId: string;
  /** First 12 hex digits of the SHA-256 of the run's config.json bytes. */
  configHash: string;
  action: 'keep' | 'train' | 'continue';
  why: string;
}

/** The bytes a sweep writes as a run's config.json; the store compares them to reuse a run. */
export function configText(cfg: object): string {
  return JSON.stringify(cfg, null, 2);
}

/** What a run's folder in the store holds for one configuration. */
export type StoredRun = { kind: 'absent' } | { kind: 'other-config' } | { kind: 'same-config'; record: RunRecord | null };

/** Reads a run's folder: is its config.json exactly `cfg`'s, and its record (if any). */
export function storedRun(runDir: string, cfg: object): StoredRun {
  const configPath = join(runDir, 'config.json');
  if (!existsSync(configPath)) return { kind: 'absent' };
  if (readFileSync(configPath, 'utf8') !== configText(cfg)) return { kind: 'other-config' };
  const recordPath = join(runDir, 'record.json');
  return { kind: 'same-config', record: existsSync(recordPath) ? (JSON.parse(readFileSync(recordPath, 'utf8')) as RunRecord) : null };
}

/**
 * What the store under `outDir` holds for each run and what the sweep would do with it, reading
 * only: nothing is trained, created or written.
 */
export function planRuns(runs: readonly { run_id: string }[], outDir: string, resume: boolean): PlannedRun[] {
  return runs.map((cfg) => {
    const configHash = createHash('sha256').update(configText(cfg)).digest('hex').slice(0, 12);
    const base = { runId: cfg.run_id, configHash };
    const stored = storedRun(join(outDir, 'runs', sanitizeFileStem(cfg.run_id)), cfg);
    if (stored.kind === 'absent') return { ...base, action: 'train', why: 'not in the store' };
    if (stored.kind === 'other-config') return { ...base, action: 'train', why: 'the store holds it with another configuration' };
    const status = stored.record?.status ?? null;
    if (status === 'ok') {
      return resume ? { ...base, action: 'keep', why: 'finished with this configuration' }
        : { ...base, action: 'train', why: 'finished with this configuration; --resume would keep it' };
    }
    const state = stored.record ? runStatusText(stored.record) : 'started, not finished';
    return resume ? { ...base, action: 'continue', why: `${state}; continues from its last checkpoint if it has one` }
      : { ...base, action: 'train', why: `${state}; --resume would continue it` };
  });
}

/** The dry run's table: one line per run. */
export function planTable(plan: readonly PlannedRun[]): string {
  const w = Math.max('run'.length, ...plan.map((p) => p.runId.length));
  const lines = [`${'run'.padEnd(w)}  config hash   action    why`, `${'-'.repeat(w)}  ------------  --------  ---`];
  for (const p of plan) lines.push(`${p.runId.padEnd(w)}  ${p.configHash}  ${p.action.padEnd(8)}  ${p.why}`);
  const count = (a: PlannedRun['action']) => plan.filter((p) => p.action === a).length;
  lines.push('', `${plan.length} run(s): ${count('train')} to train, ${count('continue')} to continue, ${count('keep')} kept. Nothing was trained (--dry-run).`);
  return lines.join('\n');
}
