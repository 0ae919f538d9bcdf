import type { ExperimentResults, RunRecord } from './run-record.ts';

export interface EnvironmentView {
  /** The machine and software, as the runner recorded them. */
  machine: [string, string][];
  /** Settings of the runs: one value when all runs agree, else each distinct value. */
  settings: [string, string][];
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Flatten nested hyperparameters to dotted keys, so "optimizer.lr" reads as one setting. */
function flatten(obj: Record<string, unknown>, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) flatten(v as Record<string, unknown>, key, out);
    else out.set(key, show(v));
  }
  return out;
}

/** Settings that are the same for every run, and the distinct values of those that are not. O(runs × keys). */
function runSettings(runs: readonly RunRecord[]): [string, string][] {
  const values = new Map<string, Set<string>>();
  const add = (k: string, v: string) => {
    if (!values.has(k)) values.set(k, new Set());
    values.get(k)!.add(v);
  };
  for (const run of runs) {
    add('backend (per run)', run.backend);
    add('image_size', String(run.image_size));
    add('batch_size', String(run.batch_size));
    add('epochs', String(run.epochs));
    for (const [k, v] of flatten(run.hyperparameters ?? {})) if (!['image_size', 'batch_size', 'epochs'].includes(k)) add(k, v);
  }
  const MAX_SHOWN = 8;
  return [...values.entries()].map(([k, vs]): [string, string] => {
    const list = [...vs];
    if (list.length === 1) return [k, list[0]!];
    const shown = list.slice(0, MAX_SHOWN).join(' | ');
    return [k, `varies: ${shown}${list.length > MAX_SHOWN ? ` | … (${list.length} values)` : ''}`];
  });
}

export function environmentView(results: ExperimentResults): EnvironmentView {
  return {
    machine: Object.entries(results.environment ?? {}).map(([k, v]) => [k, String(v)]),
    settings: runSettings(results.runs),
  };
}
