import type { ModelFamily } from '@mambabench/core';
import { EfficientVMamba, type EfficientVMambaConfig } from './efficientvmamba';

/** Counts at 2 classes, 3 channels, from the authors' modules (param-counts.md #5, #8.5). */
export const EFFICIENTVMAMBA_FAMILY: ModelFamily<Omit<EfficientVMambaConfig, 'inChannels' | 'numClasses'>> = {
  family: 'EfficientVMamba',
  source: '@mambabench/efficientvmamba',
  create: (config, o) => new EfficientVMamba({ ...config, inChannels: o.inChannels, numClasses: o.numClasses }),
  variants: [
    { name: 'efficientvmamba-tiny', size: 'official', params: 6_109_430,
      description: 'EfficientVMamba-T: dims 48-96-192-384, depths 2-2-4-2, EVSS (atrous scan, N=16, ratio 2) then InvertedResidual+SE',
      config: { dims: [48, 96, 192, 384], depths: [2, 2, 4, 2], dState: 16, ssmRatio: 2, dropPathRate: 0.2 } },
    { name: 'efficientvmamba-scaled', size: 'scaled', params: 841_907,
      description: 'EfficientVMamba scaled (CPU size): dims 24-48-96-192, depths 1-1-2-1, same block internals',
      config: { dims: [24, 48, 96, 192], depths: [1, 1, 2, 1], dState: 16, ssmRatio: 2, dropPathRate: 0.2 } },
  ],
};
