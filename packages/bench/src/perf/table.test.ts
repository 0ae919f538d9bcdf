import { describe, expect, it } from 'vitest';
import type { PerfResult } from './measure';
import { perfTable } from './table';

const row = (backend: string, extra: Partial<PerfResult> = {}): PerfResult => ({
  model: 'nnmamba3-scaled', backend, backend_detail: '', threads: 1, scan_kernel: 'wasm-simd', checkpoint: false,
  image_size: 64, batch: 32, params: 708258, gmacs_per_image: 0.031,
  train_ms: { median: 100, min: 90, max: 110 }, infer_ms: { median: 20, min: 19, max: 21 },
  train_images_per_s: 320, infer_images_per_s: 1600, train_gflops: 190, infer_gflops: 99,
  peak_tensor_mb: 266, infer_peak_tensor_mb: 80, gpu_memory_mb: null, ...extra,
});

describe('perfTable', () => {
  it('has no GPU column when no row ran on webgpu', () => {
    expect(perfTable([row('wasm')])).not.toMatch(/GPU MiB/);
  });

  it('adds the GPU memory column (a dash on CPU rows) and prints the profile note or the reason for no kernel list', () => {
    const table = perfTable([
      row('webgpu', { gpu_memory_mb: 1234.4, profile_note: 'GPU time per kernel from timestamp queries; the median step took 100.0 ms', top_kernels: [{ name: 'Conv2D', ms: 40, share: 0.4 }] }),
      row('wasm', { top_kernels: [{ name: 'Conv2D', ms: 40, share: 0.4 }, { name: '(outside tfjs kernels: scan backward, tape, JS)', ms: 20, share: 0.2 }] }),
      row('wasm'),
      row('webgpu', { gpu_memory_mb: 99.6, profile_note: "no kernel times: the GPU adapter lacks the 'timestamp-query' feature" }),
    ]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/infer peak MiB\s+GPU MiB$/);
    expect(lines[2]).toMatch(/\s1234$/);
    expect(lines[3]).toMatch(/\s-$/);
    expect(lines[5]).toMatch(/\s100$/);
    // A name longer than the column widens it: the times stay in one column.
    const wasmKernels = lines.slice(lines.findIndex((l) => l.startsWith('nnmamba3-scaled on wasm')) + 1).slice(0, 2);
    expect(wasmKernels[0].indexOf(' ms')).toBe(wasmKernels[1].indexOf(' ms'));
    expect(table).toMatch(/on webgpu: where one profiled train step spends its time \(GPU time per kernel from timestamp queries; the median step took 100\.0 ms\)\n  Conv2D\s+40\.0 ms\s+40\.0%/);
    expect(table).toMatch(/on webgpu: where one profiled train step spends its time \(no kernel times: the GPU adapter lacks the 'timestamp-query' feature\)/);
  });
});
