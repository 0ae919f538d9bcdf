/**
 * The embedded synthetic fundus dataset: a deterministic stand-in for the real DR image
 * folders, so the benchmark runs (and its tests pass) with no data download.
 */
import { PUBLISHED_MEAN, PUBLISHED_STD, type Dataset, type ImageSplit, type SplitName } from '../dataset.ts';
import { hashSeed } from '@mambabench/random';
import { sampleScene } from './sample-scene.ts';
import { renderScene } from './render.ts';
import { hashString } from './hash.ts';

/** Bump whenever rendering changes, so fingerprints of old and new images never collide. */
export const GENERATOR_VERSION = 'synthetic-fundus/2';
export const SYNTHETIC_CLASS_NAMES = ['DR', 'No_DR'];
export const LABEL_DR = 0;
export const LABEL_NO_DR = 1;

export interface SyntheticOptions {
  seed: number;
  imageSize: number;
  train: number;
  valid: number;
  test: number;
  /**
   * Multiplies the radius of every DR lesion (default 1, the calibrated difficulty, where a
   * 64-px microaneurysm is under a pixel). A quick CPU demo that trains a few hundred steps can
   * use 2-3 so that its models visibly learn; the value is part of the dataset fingerprint.
   */
  lesionScale?: number;
}

const SPLIT_IDS: Record<SplitName, number> = { train: 1, valid: 2, test: 3 };

/**
 * Label of image `index`: images come in pairs (2k, 2k+1) holding one image of each class,
 * with a seeded coin deciding the order. Exactly balanced for even counts, not a periodic
 * pattern, and independent of the split's length.
 */
export function syntheticLabel(seed: number, split: SplitName, index: number): number {
  const coin = hashSeed(seed, SPLIT_IDS[split], Math.floor(index / 2), 0x1abe1) & 1;
  return (index & 1) ^ coin;
}

export function syntheticImageSeed(seed: number, split: SplitName, index: number): number {
  return hashSeed(seed, SPLIT_IDS[split], index);
}

/** Renders image `index` of `split` on its own; writes into `out` at `offset` if given. */
export function renderSyntheticImage(
  seed: number,
  split: SplitName,
  index: number,
  size: number,
  out: Uint8Array = new Uint8Array(size * size * 3),
  offset = 0,
  lesionScale = 1,
): { image: Uint8Array; label: number } {
  const label = syntheticLabel(seed, split, index);
  const imageSeed = syntheticImageSeed(seed, split, index);
  renderScene(sampleScene(imageSeed, label === LABEL_DR, lesionScale), size, hashSeed(imageSeed, 4, size), out, offset);
  return { image: out, label };
}

function makeSplit(seed: number, name: SplitName, count: number, size: number, lesionScale: number): ImageSplit {
  const images = new Uint8Array(count * size * size * 3);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = renderSyntheticImage(seed, name, i, size, images, i * size * size * 3, lesionScale).label;
  }
  return { name, images, labels, count };
}

export function makeSyntheticDataset(opts: SyntheticOptions): Dataset {
  const { seed, imageSize, train, valid, test } = opts;
  const lesionScale = opts.lesionScale ?? 1;
  if (!(lesionScale > 0 && lesionScale <= 10)) throw new Error(`lesionScale must be in (0, 10], got ${lesionScale}`);
  if (!Number.isInteger(imageSize) || imageSize < 8) throw new Error(`imageSize must be an integer >= 8, got ${imageSize}`);
  for (const [k, v] of Object.entries({ train, valid, test })) {
    if (!Number.isInteger(v) || v < 0) throw new Error(`${k} must be a non-negative integer, got ${v}`);
  }
  const splits: Dataset['splits'] = {
    train: makeSplit(seed, 'train', train, imageSize, lesionScale),
    valid: makeSplit(seed, 'valid', valid, imageSize, lesionScale),
  };
  if (test > 0) splits.test = makeSplit(seed, 'test', test, imageSize, lesionScale);
  return {
    name: 'synthetic-fundus',
    classNames: [...SYNTHETIC_CLASS_NAMES],
    imageSize,
    splits,
    // lesionScale 1 is left out so fingerprints of the calibrated difficulty stay as they were.
    fingerprint: hashString(JSON.stringify([GENERATOR_VERSION, seed, imageSize, train, valid, test, ...(lesionScale === 1 ? [] : [lesionScale])])).slice(0, 12),
    normalization: { mean: [...PUBLISHED_MEAN], std: [...PUBLISHED_STD] },
  };
}
