import type { ModelBuildOptions } from '@mambabench/core';
import type { TrainSpec } from '../experiment/schema';

/**
 * What a run's model is built with: the data's classes, the image size and the model options of
 * its TrainSpec. The one place a run's settings reach a model builder, for training and for the
 * sweep's preflight alike.
 */
export function modelBuildOptions(train: TrainSpec, numClasses: number): ModelBuildOptions {
  return {
    numClasses,
    imageSize: train.image_size,
    inChannels: 3,
    ...(train.drop_path_rate === undefined ? {} : { dropPathRate: train.drop_path_rate }),
  };
}
