import * as tf from '@tensorflow/tfjs-core';
import { jsSelectiveScanKernel } from './js-kernel';
import type { SelectiveScanKernel } from './types';
import { webGpuScanMode } from './webgpu-op';
import { createWasmSelectiveScanKernel, SCAN_WASM_PATH, wasmScanKernelBuilt } from './wasm-kernel';

export { jsSelectiveScanKernel };

export const SCAN_KERNELS = ['auto', 'wasm', 'js'] as const;
export type ScanKernelChoice = (typeof SCAN_KERNELS)[number];

// Module-level so the kernel can be chosen once at startup without threading an option through
// every model that calls selectiveScan. null = not chosen yet: the first scan resolves 'auto'
// (or MAMBABENCH_SCAN_KERNEL).
let active: SelectiveScanKernel | null = null;

/**
 * wasm: the WebAssembly SIMD kernel (float32, faster: see the selective-scan bench; needs the
 * build step `npm ci` runs);
 * js: the float64 typed-array kernel; auto: wasm when built, else js with a warning.
 */
export function resolveSelectiveScanKernel(choice: ScanKernelChoice): SelectiveScanKernel {
  if (!SCAN_KERNELS.includes(choice)) {
    throw new Error(`Unknown selective-scan kernel "${choice}"; expected one of ${SCAN_KERNELS.join(', ')}`);
  }
  if (choice === 'js') return jsSelectiveScanKernel;
  if (wasmScanKernelBuilt()) return createWasmSelectiveScanKernel();
  const missing = `${SCAN_WASM_PATH} is missing: run \`npm run build:wasm -w @mambabench/core\` (npm ci runs it)`;
  if (choice === 'wasm') throw new Error(`The wasm selective-scan kernel is not built. ${missing}`);
  process.emitWarning(`Using the slower JS selective-scan kernel. ${missing}`);
  return jsSelectiveScanKernel;
}

export function getSelectiveScanKernel(): SelectiveScanKernel {
  active ??= resolveSelectiveScanKernel((process.env.MAMBABENCH_SCAN_KERNEL as ScanKernelChoice | undefined) ?? 'auto');
  return active;
}

/** The scan kernel selectiveScan runs now, for logs and records: the WGSL kernels on webgpu. */
export function activeScanKernelName(): string {
  return tf.getBackend() === 'webgpu' ? `webgpu-wgsl-${webGpuScanMode()}` : getSelectiveScanKernel().name;
}

/** Replaces the kernel used by selectiveScan; returns the previous one so callers can restore it. */
export function setSelectiveScanKernel(kernel: SelectiveScanKernel): SelectiveScanKernel {
  const previous = getSelectiveScanKernel();
  active = kernel;
  return previous;
}
