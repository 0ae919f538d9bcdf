import { registerVMambaModels } from './register';

export { VMamba, type VMambaConfig, type VMambaVersion } from './vmamba';
export { VssBlock, Mlp, type VssBlockOptions } from './vss-block';
export { PatchEmbedV1, PatchEmbedV2, DownsampleV3 } from './stem';
export { VMAMBA_VARIANTS, registerVMambaModels } from './register';

registerVMambaModels();
