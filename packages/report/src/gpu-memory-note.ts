import { adapterLabel, onWebGpu } from './gpu-adapter.ts';
import { GPU_MEMORY_TITLE } from './metrics.ts';
import type { RunRecord } from './run-record.ts';

/**
 * The footnote under the results table (and in results.md) once some run used webgpu: where
 * the GPU memory figure comes from, and a warning when an adapter was a software one, whose
 * "GPU" memory is host memory. Reports of CPU-only sweeps get none: the column's tooltip says
 * why it is empty, and a note about a GPU nobody used would only distract.
 */
export function gpuMemoryNote(runs: readonly RunRecord[]): string | null {
  if (!runs.some(onWebGpu)) return null;
  const software = [...new Set(runs.flatMap((r) => (r.adapter?.software ? [adapterLabel(r.adapter)] : [])))];
  const warning = software.length
    ? ` Software adapter (${software.join(', ')}): no real GPU, so its "GPU memory" is host memory and its times are a CPU's.`
    : '';
  return `GPU memory (MiB): ${GPU_MEMORY_TITLE}${warning}`;
}
