import { scanBackward } from './backward';
import { scanForward } from './forward';
import type { SelectiveScanKernel } from './types';

/** The portable JS kernel: float64 arithmetic over typed arrays, works under any tfjs backend. */
export const jsSelectiveScanKernel: SelectiveScanKernel = {
  name: 'js',
  forward: scanForward,
  backward: scanBackward,
};

// Module-level so a faster kernel (e.g. WASM SIMD) can be swapped in once at startup
// without threading an option through every model that calls selectiveScan.
let active: SelectiveScanKernel = jsSelectiveScanKernel;

export function getSelectiveScanKernel(): SelectiveScanKernel {
  return active;
}

/** Replaces the kernel used by selectiveScan; returns the previous one so callers can restore it. */
export function setSelectiveScanKernel(kernel: SelectiveScanKernel): SelectiveScanKernel {
  const previous = active;
  active = kernel;
  return previous;
}
