/**
 * The in-memory dataset contract shared by the synthetic generator and (later) image folders.
 * Images are stored as uint8 RGB, NHWC, so a 2,076-image 224-px split fits in ~312 MB;
 * batches are converted to normalised float tensors when they are drawn.
 */
export type SplitName = 'train' | 'valid' | 'test';

export interface ImageSplit {
  name: SplitName;
  /** count * size * size * 3 bytes, row-major NHWC, RGB. */
  images: Uint8Array;
  /** Class index per image (index into Dataset.classNames). */
  labels: Int32Array;
  count: number;
}

export interface Dataset {
  name: string;
  /** Sorted class folder names; index = label. For DR data: ['DR', 'No_DR']. */
  classNames: string[];
  imageSize: number;
  splits: { train: ImageSplit; valid: ImageSplit; test?: ImageSplit };
  /** Short hash of the content, for the report's environment section. */
  fingerprint: string;
  /** Per-channel mean/std (on [0,1] pixel values) used to normalise batches. */
  normalization: { mean: [number, number, number]; std: [number, number, number] };
}

/** Published normalisation constants of the DR training script (train.py). */
export const PUBLISHED_MEAN: [number, number, number] = [0.41593555, 0.22245076, 0.075719066];
export const PUBLISHED_STD: [number, number, number] = [0.23819199, 0.13202211, 0.05282707];
