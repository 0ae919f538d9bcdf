import { scanBackward } from './backward';
import { scanForward } from './forward';
import type { SelectiveScanKernel } from './types';

/** The portable JS kernel: float64 arithmetic over typed arrays; the reference the others are tested against. */
export const jsSelectiveScanKernel: SelectiveScanKernel = {
  name: 'js',
  forward: scanForward,
  backward: scanBackward,
};
