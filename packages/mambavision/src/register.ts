import type { ModelFamily } from '@mambabench/core';
import { MambaVision, type MambaVisionConfig } from './mambavision';

/** Counts of the authors' modules at 2 classes (param-counts.md #7, #8.7); windows create no parameters. */
export const MAMBAVISION_FAMILY: ModelFamily<Omit<MambaVisionConfig, 'inChannels' | 'numClasses' | 'imageSize'>> = {
  family: 'MambaVision',
  source: '@mambabench/mambavision',
  create: (config, o) => new MambaVision({ ...config, imageSize: o.imageSize, inChannels: o.inChannels, numClasses: o.numClasses }),
  variants: [
    { name: 'mambavision-tiny', size: 'official', params: 31_154_530,
      description: 'MambaVision-T: dim 80 (stem 32), depths 1-3-8-4, heads 2-4-8-16, windows 8-8-14-7 capped at the map size',
      config: { dim: 80, inDim: 32, depths: [1, 3, 8, 4], numHeads: [2, 4, 8, 16], windowSizes: [8, 8, 14, 7], mlpRatio: 4, dropPathRate: 0.2 } },
    { name: 'mambavision-scaled', size: 'scaled', params: 2_307_922,
      description: 'MambaVision scaled (CPU size): dim 32 (stem 16), depths 1-1-2-2, heads 1-2-4-8, windows = map size (4-2 at 64, 6-3 at 96)',
      config: { dim: 32, inDim: 16, depths: [1, 1, 2, 2], numHeads: [1, 2, 4, 8], windowSizes: [8, 8, 14, 7], mlpRatio: 4, dropPathRate: 0.2 } },
  ],
};
