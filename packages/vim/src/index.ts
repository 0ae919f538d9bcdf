import { registerFamily } from '@mambabench/core';
import { VIM_FAMILY } from './register';

export { VisionMamba, VimBlock, numPatches, type VisionMambaConfig } from './vim';
export { BiMambaV2, type BiMambaOptions } from './bimamba';
export { VIM_FAMILY } from './register';

// Importing the package registers its variants (the runner imports every model package).
registerFamily(VIM_FAMILY);
