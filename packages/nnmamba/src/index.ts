import { registerNnMambaModels } from './register';

export { NnMamba, type NnMambaConfig } from './nnmamba';
export { MambaLayer, MambaSeq } from './mamba-layers';
export { BasicBlock, doubleConv, resLayer } from './blocks';
export { NNMAMBA_VARIANTS, registerNnMambaModels } from './register';

registerNnMambaModels();
