import { registerFamily } from '@mambabench/core';
import { VMAMBA_FAMILY } from './register';

export { VMamba, type VMambaConfig, type VMambaVersion } from './vmamba';
export { VssBlock, Mlp, type VssBlockOptions } from './vss-block';
export { PatchEmbedV1, PatchEmbedV2, DownsampleV3 } from './stem';
export { VMAMBA_FAMILY } from './register';

// Importing the package registers its variants (the runner imports every model package).
registerFamily(VMAMBA_FAMILY);
