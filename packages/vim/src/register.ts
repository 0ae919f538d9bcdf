import type { ModelFamily } from '@mambabench/core';
import { VisionMamba, numPatches, type VisionMambaConfig } from './vim';

type VimVariantConfig = Omit<VisionMambaConfig, 'inChannels' | 'numClasses' | 'imageSize'>;

/** pos_embed holds embedDim * (patches + 1) parameters, so a count is given without it and it is added per image size. */
const withPosEmbed = (fixed: number) => (imageSize: number, c: VimVariantConfig) => fixed + c.embedDim * (numPatches(imageSize, c.patchSize) + 1);

/** Counts from the authors' modules at 2 classes (param-counts.md, "Size-dependent parameters"). */
export const VIM_FAMILY: ModelFamily<VimVariantConfig> = {
  family: 'Vision Mamba',
  source: '@mambabench/vim',
  create: (config, o) => new VisionMamba({ ...config, imageSize: o.imageSize, inChannels: o.inChannels, numClasses: o.numClasses }),
  variants: [
    { name: 'vim-tiny', size: 'official', params: withPosEmbed(6_917_570),
      description: 'Vim-Ti: patch 16, dim 192, depth 24, bidirectional v2 Mamba (N=16, E=2), middle class token',
      config: { patchSize: 16, embedDim: 192, depth: 24, dState: 16, expand: 2 } },
    { name: 'vim-scaled', size: 'scaled', params: withPosEmbed(667_874),
      description: 'Vim scaled (CPU size): patch 8, dim 96, depth 8, same mixer, class token and norms',
      config: { patchSize: 8, embedDim: 96, depth: 8, dState: 16, expand: 2 } },
  ],
};
