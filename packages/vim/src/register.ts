import { registerModel, type ModelBuildOptions } from '@mambabench/core';
import { VisionMamba, numPatches, type VisionMambaConfig } from './vim';

const SOURCE = '@mambabench/vim';

interface Variant {
  name: string;
  size: string;
  description: string;
  config: Omit<VisionMambaConfig, 'inChannels' | 'numClasses' | 'imageSize'>;
  /** Parameters at 2 classes without pos_embed; pos_embed adds embedDim * (patches + 1). */
  fixedParams: number;
}

/** Counts from the authors' modules at 2 classes (param-counts.md, "Size-dependent parameters"). */
export const VIM_VARIANTS: Variant[] = [
  { name: 'vim-tiny', size: 'official', fixedParams: 6_917_570,
    description: 'Vim-Ti: patch 16, dim 192, depth 24, bidirectional v2 Mamba (N=16, E=2), middle class token',
    config: { patchSize: 16, embedDim: 192, depth: 24, dState: 16, expand: 2 } },
  { name: 'vim-scaled', size: 'scaled', fixedParams: 667_874,
    description: 'Vim scaled (CPU size): patch 8, dim 96, depth 8, same mixer, class token and norms',
    config: { patchSize: 8, embedDim: 96, depth: 8, dState: 16, expand: 2 } },
];

export function vimParams(v: Variant, imageSize: number): number {
  return v.fixedParams + v.config.embedDim * (numPatches(imageSize, v.config.patchSize) + 1);
}

export function registerVimModels(): void {
  for (const v of VIM_VARIANTS) {
    registerModel({
      name: v.name,
      family: 'Vision Mamba',
      size: v.size,
      description: v.description,
      build: (o: ModelBuildOptions) => new VisionMamba({ ...v.config, imageSize: o.imageSize, inChannels: o.inChannels, numClasses: o.numClasses }),
      expectedParams: (imageSize) => vimParams(v, imageSize),
    }, SOURCE);
  }
}
