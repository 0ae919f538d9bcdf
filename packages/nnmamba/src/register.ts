import type { ModelFamily } from '@mambabench/core';
import { NnMamba, type NnMambaConfig } from './nnmamba';

/** Counts at 2 classes, 3 channels, from the authors' modules (param-counts.md). */
export const NNMAMBA_FAMILY: ModelFamily<Omit<NnMambaConfig, 'inChannels' | 'numClasses'>> = {
  family: 'nnMamba',
  source: '@mambabench/nnmamba',
  create: (config, o) => new NnMamba({ ...config, inChannels: o.inChannels, numClasses: o.numClasses }),
  variants: [
    { name: 'nnmamba3', size: 'official', params: 4_371_650, description: 'nnMamba 2D, 3 stages, ch 32, 3 blocks (the published model)',
      config: { channels: 32, blocks: 3, stages: 3, mambaSeq: true } },
    { name: 'nnmamba4', size: 'official', params: 17_502_402, description: 'nnMamba 2D, 4 stages (the post\'s layer4 extension), ch 32, 3 blocks',
      config: { channels: 32, blocks: 3, stages: 4, mambaSeq: true } },
    { name: 'nnmamba3-scaled', size: 'scaled', params: 708_258, description: 'nnMamba 2D, 3 stages, ch 16, 2 blocks (CPU size)',
      config: { channels: 16, blocks: 2, stages: 3, mambaSeq: true } },
    { name: 'nnmamba4-scaled', size: 'scaled', params: 2_812_066, description: 'nnMamba 2D, 4 stages, ch 16, 2 blocks (CPU size)',
      config: { channels: 16, blocks: 2, stages: 4, mambaSeq: true } },
    { name: 'nnmamba3-noseq', size: 'official', params: 4_371_650 - 29_312, description: 'nnMamba 2D, 3 stages, without MambaSeq (the authors\' Feb 2025 version)',
      config: { channels: 32, blocks: 3, stages: 3, mambaSeq: false } },
    { name: 'nnmamba3-scaled-noseq', size: 'scaled', params: 708_258 - 8_256, description: 'nnMamba 2D scaled, without MambaSeq',
      config: { channels: 16, blocks: 2, stages: 3, mambaSeq: false } },
  ],
};
