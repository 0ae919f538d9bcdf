import { registerEfficientVMambaModels } from './register';

export { EfficientVMamba, type EfficientVMambaConfig } from './efficientvmamba';
export { EvssBlock } from './evss-block';
export { ES2D, type Es2dOptions } from './es2d';
export { BiAttn } from './bi-attn';
export { InvertedResidual } from './inverted-residual';
export { EFFICIENTVMAMBA_VARIANTS, registerEfficientVMambaModels } from './register';

registerEfficientVMambaModels();
