import { registerFamily } from '@mambabench/core';
import { EFFICIENTVMAMBA_FAMILY } from './register';

export { EfficientVMamba, type EfficientVMambaConfig } from './efficientvmamba';
export { EvssBlock } from './evss-block';
export { ES2D, type Es2dOptions } from './es2d';
export { BiAttn } from './bi-attn';
export { InvertedResidual } from './inverted-residual';
export { EFFICIENTVMAMBA_FAMILY } from './register';

// Importing the package registers its variants (the runner imports every model package).
registerFamily(EFFICIENTVMAMBA_FAMILY);
