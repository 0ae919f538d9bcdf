import type { ModelFamily } from '@mambabench/core';
import { MedMamba, type MedMambaConfig } from './medmamba';

/** Counts: exact at 2 classes, 3 channels (param-counts.md); independent of the image size. */
export const MEDMAMBA_FAMILY: ModelFamily<Omit<MedMambaConfig, 'inChannels' | 'numClasses'>> = {
  family: 'MedMamba',
  source: '@mambabench/medmamba',
  create: (config, o) => new MedMamba({ ...config, inChannels: o.inChannels, numClasses: o.numClasses }),
  variants: [
    { name: 'medmamba-tiny', size: 'official', params: 14_454_146,
      description: 'MedMamba-T: dims 96-768, depths 2/2/4/2, SS-Conv-SSM blocks (SS2D N 16), PatchMerging',
      config: { dims: [96, 192, 384, 768], depths: [2, 2, 4, 2], dState: 16, dropPathRate: 0.1 } },
    { name: 'medmamba-scaled', size: 'scaled', params: 980_466,
      description: 'MedMamba scaled for CPU: dims 32-256, depths 1/1/2/1, same block internals (N 16)',
      config: { dims: [32, 64, 128, 256], depths: [1, 1, 2, 1], dState: 16, dropPathRate: 0.1 } },
  ],
};
