import { registerFamily } from '@mambabench/core';
import { NNMAMBA_FAMILY } from './register';

export { NnMamba, type NnMambaConfig } from './nnmamba';
export { MambaLayer, MambaSeq } from './mamba-layers';
export { BasicBlock, doubleConv, resLayer } from './blocks';
export { NNMAMBA_FAMILY } from './register';

// Importing the package registers its variants (the runner imports every model package).
registerFamily(NNMAMBA_FAMILY);
