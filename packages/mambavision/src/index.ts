import { registerMambaVisionModels } from './register';

export { MambaVision, stageSide, type MambaVisionConfig } from './mambavision';
export { MambaVisionLevel, type LevelConfig } from './level';
export { ConvBlock, TokenBlock, Mlp, downsample, isAttentionBlock } from './blocks';
export { MambaVisionMixer } from './mixer';
export { MAMBAVISION_VARIANTS, registerMambaVisionModels } from './register';

registerMambaVisionModels();
