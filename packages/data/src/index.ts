export * from './dataset.ts';
export { toBatchTensor, splitImageSize, type Batch } from './batch.ts';
export { writePng, encodePng, crc32, PNG_SIGNATURE } from './png.ts';
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
export { createRng, hashSeed, mix32, type Rng } from './synthetic/prng.ts';
export { tileImages } from './synthetic/grid.ts';
