import { registerFamily } from '@mambabench/core';
import { MEDMAMBA_FAMILY } from './register';

export { MedMamba, type MedMambaConfig } from './medmamba';
export { SsConvSsm, type SsConvSsmOptions } from './ss-conv-ssm';
export { kaimingNormalFanOutInit } from './kaiming';
export { MEDMAMBA_FAMILY } from './register';

// Importing the package registers its variants (the runner imports every model package).
registerFamily(MEDMAMBA_FAMILY);
