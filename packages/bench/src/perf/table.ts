import type { PerfResult } from './measure';
import type { PeerResult } from './peer';

/**
 * The table `mambabench perf` prints: one row per model and backend. A GPU memory column is
 * added when some row ran on webgpu (the only backend that reports it).
 */
export function perfTable(results: PerfResult[]): string {
  const gpu = results.some((r) => r.gpu_memory_mb != null);
  const header = ['model', 'backend', 'thr', 'scan', 'ckpt', 'size', 'batch', 'params', 'GMACs/img', 'train ms (min-max)', 'train img/s', 'train GFLOP/s', 'infer img/s', 'train peak MiB', 'infer peak MiB',
    ...(gpu ? ['GPU MiB'] : [])];
  const rows = results.map((r) => [
    r.model, r.backend, String(r.threads), r.scan_kernel, r.checkpoint ? 'yes' : 'no', String(r.image_size), String(r.batch), r.params.toLocaleString('en-US'), r.gmacs_per_image.toFixed(3),
    `${r.train_ms.median.toFixed(0)} (${r.train_ms.min.toFixed(0)}-${r.train_ms.max.toFixed(0)})`,
    r.train_images_per_s.toFixed(1), r.train_gflops.toFixed(1), r.infer_images_per_s.toFixed(1), r.peak_tensor_mb.toFixed(0), r.infer_peak_tensor_mb.toFixed(0),
    ...(gpu ? [r.gpu_memory_mb == null ? '-' : r.gpu_memory_mb.toFixed(0)] : []),
  ]);
  const left = new Set([0, 1, 3, 4]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (left.has(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const lines = [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)];
  if (gpu) lines.push('', 'GPU MiB: GPU memory held after the train steps (tfjs pools freed buffers, so this is their high-water mark); webgpu only');
  for (const r of results) {
    if (!r.top_kernels && !r.profile_note) continue;
    lines.push('', `${r.model} on ${r.backend}: where one profiled train step spends its time${r.profile_note ? ` (${r.profile_note})` : ''}`);
    const nameWidth = Math.max(36, ...(r.top_kernels ?? []).map((k) => k.name.length));
    for (const k of r.top_kernels ?? []) lines.push(`  ${k.name.padEnd(nameWidth)} ${k.ms.toFixed(1).padStart(8)} ms  ${(100 * k.share).toFixed(1).padStart(5)}%`);
  }
  return lines.join('\n');
}

/** One line per model timed against the PyTorch peer: both throughputs and their ratio. */
export function peerLines(results: PerfResult[], peers: PeerResult[]): string[] {
  return peers.flatMap((p) => {
    const ours = results.find((r) => r.model === p.model);
    if (!ours) return [];
    const contaminated = p.foreign_cpu_cores > 0.15 ? ` (other processes used ${p.foreign_cpu_cores.toFixed(2)} cores during PyTorch's run)` : '';
    return [`${p.model} train step, ${ours.image_size}px batch ${ours.batch}: mambabench ${ours.backend} ${ours.train_images_per_s.toFixed(1)} img/s` +
      ` vs PyTorch ${p.torch ?? ''} ${p.images_per_s.toFixed(1)} img/s (${p.threads} threads) = ${(ours.train_images_per_s / p.images_per_s).toFixed(2)}x${contaminated}`];
  });
}
