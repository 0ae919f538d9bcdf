import { adapterDetails, adapterKey, adapterLabel } from './gpu-adapter.ts';
import type { ExperimentResults, GpuAdapterRecord, RunRecord } from './run-record.ts';

export interface AdapterView {
  /** Vendor, architecture and device, "(software)" when it is no real GPU. */
  label: string;
  software: boolean;
  /** Runs that used it. */
  runs: number;
  /** Every recorded field, as key/value pairs. */
  details: [string, string][];
}

export interface EnvironmentView {
  /** The machine and software, as the runner recorded them. */
  machine: [string, string][];
  /** Settings of the runs: one value when all runs agree, else each distinct value. */
  settings: [string, string][];
  /** GPU adapters of the webgpu runs, each once, in first-use order; empty when no run used one. */
  adapters: AdapterView[];
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

/** A sweep normally uses one adapter; several (a mixed fleet, a software fallback) are all listed, since they change the numbers. */
function adapters(runs: readonly RunRecord[]): AdapterView[] {
  const seen = new Map<string, { adapter: GpuAdapterRecord; runs: number }>();
  for (const run of runs) {
    if (!run.adapter) continue;
    const key = adapterKey(run.adapter);
    const entry = seen.get(key);
    if (entry) entry.runs++;
    else seen.set(key, { adapter: run.adapter, runs: 1 });
  }
  return [...seen.values()].map(({ adapter, runs: n }) => ({
    label: adapterLabel(adapter), software: adapter.software, runs: n, details: adapterDetails(adapter),
  }));
}

export function environmentView(results: ExperimentResults): EnvironmentView {
  return {
    machine: Object.entries(results.environment ?? {}).map(([k, v]) => [k, String(v)]),
    settings: runSettings(results.runs),
    adapters: adapters(results.runs),
  };
}
