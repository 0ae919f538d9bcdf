/**
 * Per-image affine resampling of a batch with tf.image.transform (TF's ImageProjectiveTransform:
 * each output pixel (x, y), in integer pixel indices, reads the input at M * (x, y, 1)).
 * Rotations and flips are built as such inverse maps, so a chain of them (dr_dataset's flip,
 * flip, rotate) is composed into one map and sampled once.
 *
 * tfjs-backend-cpu 4.22's Transform kernel returns after the first image of a batch (the rest
 * come back as fill), so on that backend the batch is sent one image at a time; wasm and the
 * native backend take the whole batch in one call.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Inverse map [a0, a1, a2, b0, b1, b2]: input x = a0*x + a1*y + a2, input y = b0*x + b1*y + b2. */
export type InverseMap = [number, number, number, number, number, number];
export type Interpolation = 'nearest' | 'bilinear';

export const IDENTITY: InverseMap = [1, 0, 0, 0, 1, 0];

/**
 * The map of "first apply `first`, then `second`" to an image. Inverse maps compose the other
 * way round: an output pixel goes through second's inverse, then first's.
 */
export function composeInverse(first: InverseMap, second: InverseMap): InverseMap {
  const [a0, a1, a2, b0, b1, b2] = second;
  const [c0, c1, c2, d0, d1, d2] = first;
  // first(second(p)): apply `second` to p, then `first` to the result.
  return [
    c0 * a0 + c1 * b0, c0 * a1 + c1 * b1, c0 * a2 + c1 * b2 + c2,
    d0 * a0 + d1 * b0, d0 * a1 + d1 * b1, d0 * a2 + d1 * b2 + d2,
  ];
}

export function affineBatch(x: tf.Tensor4D, maps: InverseMap[], interpolation: Interpolation = 'nearest', fill = 0): tf.Tensor4D {
  const b = x.shape[0];
  if (maps.length !== b) throw new Error(`affineBatch: ${maps.length} maps for a batch of ${b}`);
  return tf.tidy(() => {
    const rows = maps.map((m) => [...m, 0, 0]);
    if (tf.getBackend() !== 'cpu') {
      return tf.image.transform(x, tf.tensor2d(rows, [b, 8]), interpolation, 'constant', fill);
    }
    const images = tf.split(x, b, 0) as tf.Tensor4D[];
    return tf.concat(images.map((im, i) => tf.image.transform(im, tf.tensor2d([rows[i]], [1, 8]), interpolation, 'constant', fill)), 0);
  });
}
