import { registerMedMambaModels } from './register';

export { MedMamba, type MedMambaConfig } from './medmamba';
export { SsConvSsm, type SsConvSsmOptions } from './ss-conv-ssm';
export { kaimingNormalFanOutInit } from './kaiming';
export { MEDMAMBA_VARIANTS, registerMedMambaModels } from './register';

registerMedMambaModels();
