import { registerVimModels } from './register';

export { VisionMamba, VimBlock, numPatches, type VisionMambaConfig } from './vim';
export { BiMambaV2, type BiMambaOptions } from './bimamba';
export { VIM_VARIANTS, registerVimModels, vimParams } from './register';

registerVimModels();
