import type { ModelFamily } from '@mambabench/core';
import { VMamba, type VMambaConfig } from './vmamba';

/** Counts: exact at 2 classes, 3 channels (param-counts.md); independent of the image size. */
export const VMAMBA_FAMILY: ModelFamily<Omit<VMambaConfig, 'inChannels' | 'numClasses'>> = {
  family: 'VMamba',
  source: '@mambabench/vmamba',
  create: (config, o) => new VMamba({ ...config, inChannels: o.inChannels, numClasses: o.numClasses }),
  variants: [
    { name: 'vmamba-tiny', size: 'official', params: 29_481_602,
      description: 'VMamba-T s1l8 (released): dims 96-768, depths 2/2/8/2, SS2D v05_noz (N 1, ratio 1, no gate), MLP 4',
      config: { version: 's1l8', dims: [96, 192, 384, 768], depths: [2, 2, 8, 2], dropPathRate: 0.2 } },
    { name: 'vmamba-scaled', size: 'scaled', params: 1_504_898,
      description: 'VMamba s1l8 scaled for CPU: dims 32-256, depths 1/1/2/1, same block internals',
      config: { version: 's1l8', dims: [32, 64, 128, 256], depths: [1, 1, 2, 1], dropPathRate: 0.2 } },
    { name: 'vmamba-vanilla-tiny', size: 'official', params: 22_125_986,
      description: 'Vanilla VMamba-T: dims 96-768, depths 2/2/9/2, SS2D v0 (N 16, ratio 2, z gate), no MLP, PatchMerging',
      config: { version: 'vanilla', dims: [96, 192, 384, 768], depths: [2, 2, 9, 2], dropPathRate: 0.2 } },
  ],
};
