export * from './dataset.ts';
export { toBatchTensor, splitImageSize, type Batch } from './batch.ts';
export {
  makeSyntheticDataset,
  renderSyntheticImage,
  syntheticLabel,
  syntheticImageSeed,
  GENERATOR_VERSION,
  SYNTHETIC_CLASS_NAMES,
  LABEL_DR,
  LABEL_NO_DR,
  type SyntheticOptions,
} from './synthetic/make-dataset.ts';
export { loadImageFolder, type LoadImageFolderOptions, type LoadReport } from './folder/load.ts';
export { scanImageFolder, IMAGE_EXTENSIONS, type SkippedFile } from './folder/scan.ts';
export { decodeImage, DECODER_ID, DEFAULT_MAX_INPUT_PIXELS } from './folder/decode.ts';
export { CACHE_FORMAT_VERSION } from './folder/cache.ts';
export { makeTransform, TRANSFORM_NAMES, type TransformName, type TransformSet, type BatchTransform } from './transforms/make-transform.ts';
export { toFloatBatch } from './transforms/float-batch.ts';
export { rotateBatch, RandomRotation, type Interpolation } from './transforms/rotate.ts';
export { gaussianBlurBatch, gaussianKernel1d, RandomGaussianBlur } from './transforms/blur.ts';
export { colorJitterBatch, ColorJitter, type JitterParams, type JitterOp } from './transforms/color-jitter.ts';
export { flipBatch, RandomFlip, type FlipDirection } from './transforms/flip.ts';
export { normalizeBatch, IMAGENET_MEAN, IMAGENET_STD } from './transforms/normalize.ts';
export { Mixup, type MixupOptions, type MixupResult } from './mixup/mixup.ts';
export { mixupTargets, smoothedOneHot } from './mixup/targets.ts';
export { cutmixBox, type Box } from './mixup/cutmix-box.ts';
export { sampleBeta, sampleGamma } from './mixup/beta.ts';
export { renderSampleGrid, writeSampleGrid, type SampleGrid, type SampleGridOptions, type SampleSource } from './samples/grid.ts';
