import * as tf from '@tensorflow/tfjs-core';

/**
 * EfficientVMamba's atrous ("efficient") scan layout with step 2 (EfficientScan / EfficientMerge in
 * TerryPei/EfficientVMamba classification/models/vmamba_efficient.py), on NHWC maps.
 *
 * The map is zero-padded at the bottom/right to even H and W, then split into the four sub-grids
 * of the stride-2 lattice, each h*w = (H/2)*(W/2) tokens:
 *   k0: even rows, even cols, row-major    (token i*w + j  <- pixel (2i,   2j))
 *   k1: odd rows,  even cols, column-major (token j*h + i  <- pixel (2i+1, 2j))
 *   k2: even rows, odd cols,  row-major    (token i*w + j  <- pixel (2i,   2j+1))
 *   k3: odd rows,  odd cols,  column-major (token j*h + i  <- pixel (2i+1, 2j+1))
 * Every pixel belongs to exactly one sub-grid, so the merge writes each token back to its pixel
 * (no sum) and crops the padding: merge(split(x)) == x.
 *
 * Built only from reshapes, rank <= 4 slices/concats and one rank-4 transpose per column-major
 * grid: tfjs-wasm transposes of rank >= 5 and gather are slow, and these ops all have gradients.
 */

export interface PolyphaseShape {
  /** The original (unpadded) map size. */
  height: number;
  width: number;
}

/** [B, H, W, C] -> four [B, ceil(H/2)*ceil(W/2), C] sequences in the k0..k3 order above. */
export function polyphaseSplit(x: tf.Tensor): tf.Tensor3D[] {
  const [b, height, width, c] = x.shape as [number, number, number, number];
  const h = Math.ceil(height / 2);
  const w = Math.ceil(width / 2);
  const padded = height % 2 || width % 2
    ? tf.pad(x, [[0, 0], [0, 2 * h - height], [0, 2 * w - width], [0, 0]])
    : x;
  // Row pairs: [B*h, 2, 2w, C]; index 0 along axis 1 is the even row of each pair.
  const rowPairs = tf.reshape(padded, [b * h, 2, 2 * w, c]);
  const rows = [0, 1].map((r) => tf.reshape(tf.slice(rowPairs, [0, r, 0, 0], [b * h, 1, 2 * w, c]), [b * h * w, 2, c]));
  // Column parity within each row: [B*h*w, 1, C] -> the [B, h, w, C] sub-grid.
  const grid = (r: number, col: number) => tf.reshape(tf.slice(rows[r], [0, col, 0], [b * h * w, 1, c]), [b, h, w, c]);
  const rowMajor = (g: tf.Tensor) => tf.reshape(g, [b, h * w, c]) as tf.Tensor3D;
  const colMajor = (g: tf.Tensor) => tf.reshape(tf.transpose(g, [0, 2, 1, 3]), [b, h * w, c]) as tf.Tensor3D;
  return [rowMajor(grid(0, 0)), colMajor(grid(1, 0)), rowMajor(grid(0, 1)), colMajor(grid(1, 1))];
}

/** Inverse of polyphaseSplit: four [B, h*w, C] sequences -> [B, height, width, C]. */
export function polyphaseMerge(ys: tf.Tensor[], shape: PolyphaseShape): tf.Tensor4D {
  if (ys.length !== 4) throw new Error(`polyphaseMerge: expected 4 sequences, got ${ys.length}`);
  const { height, width } = shape;
  const h = Math.ceil(height / 2);
  const w = Math.ceil(width / 2);
  const [b, l, c] = ys[0].shape;
  if (l !== h * w) throw new Error(`polyphaseMerge: sequences of ${l} tokens for a ${height}x${width} map`);
  // Each sub-grid as [B*h*w, 1, C] in row-major (i, j) order.
  const fromRowMajor = (y: tf.Tensor) => tf.reshape(y, [b * h * w, 1, c]);
  const fromColMajor = (y: tf.Tensor) => tf.reshape(tf.transpose(tf.reshape(y, [b, w, h, c]), [0, 2, 1, 3]), [b * h * w, 1, c]);
  // Interleave the column parities inside each row, then the row parities.
  const evenRows = tf.reshape(tf.concat([fromRowMajor(ys[0]), fromRowMajor(ys[2])], 1), [b * h, 1, 2 * w, c]);
  const oddRows = tf.reshape(tf.concat([fromColMajor(ys[1]), fromColMajor(ys[3])], 1), [b * h, 1, 2 * w, c]);
  const full = tf.reshape(tf.concat([evenRows, oddRows], 1), [b, 2 * h, 2 * w, c]);
  return (2 * h === height && 2 * w === width ? full : tf.slice(full, [0, 0, 0, 0], [b, height, width, c])) as tf.Tensor4D;
}
