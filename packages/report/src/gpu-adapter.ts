import type { GpuAdapterRecord, RunRecord } from './run-record.ts';

/**
 * How the report names a GPU adapter. Same wording as core's adapterLabel (the runner's log
 * line), repeated here because the report does not import core.
 */
export function adapterName(a: GpuAdapterRecord): string {
  return [a.vendor, a.architecture, a.device || a.description].filter(Boolean).join(' ') || 'unnamed adapter';
}

/** The name, flagged when it is a software adapter: its "GPU memory" is host memory and its speed a CPU's. */
export function adapterLabel(a: GpuAdapterRecord): string {
  return `${adapterName(a)}${a.software ? ' (software)' : ''}`;
}

/** Every field, for a tooltip or a key/value list. */
export function adapterDetails(a: GpuAdapterRecord): [string, string][] {
  return [
    ['vendor', a.vendor || '—'],
    ['architecture', a.architecture || '—'],
    ['device', a.device || '—'],
    ['description', a.description || '—'],
    ['software', a.software ? 'yes (software rasteriser or fallback adapter: no real GPU)' : 'no (hardware)'],
    ['max storage binding', `${(a.max_storage_binding_bytes / 2 ** 20).toFixed(0)} MiB`],
    ['timestamp queries', a.timestamp_query ? 'yes' : 'no'],
  ];
}

/** The same adapter, however often it is recorded: a stable key over every field. */
export function adapterKey(a: GpuAdapterRecord): string {
  return JSON.stringify([a.vendor, a.architecture, a.device, a.description, a.software, a.max_storage_binding_bytes, a.timestamp_query]);
}

/** A run on the webgpu backend: only those have GPU memory (a crashed one may lack its adapter). */
export function onWebGpu(run: Pick<RunRecord, 'backend' | 'adapter'>): boolean {
  return Boolean(run.adapter) || run.backend === 'webgpu';
}
