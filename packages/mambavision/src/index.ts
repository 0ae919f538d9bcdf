import { registerFamily } from '@mambabench/core';
import { MAMBAVISION_FAMILY } from './register';

export { MambaVision, stageSide, type MambaVisionConfig } from './mambavision';
export { MambaVisionLevel, type LevelConfig } from './level';
export { ConvBlock, TokenBlock, Mlp, downsample, isAttentionBlock } from './blocks';
export { MambaVisionMixer } from './mixer';
export { MAMBAVISION_FAMILY } from './register';

// Importing the package registers its variants (the runner imports every model package).
registerFamily(MAMBAVISION_FAMILY);
