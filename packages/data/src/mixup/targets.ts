/**
 * timm's mixup_target: label-smoothed one-hot targets (off = s / K, on = 1 - s + s / K)
 * mixed with the same targets of the batch in reverse order: lam * y + (1 - lam) * y.flip(0).
 */
import * as tf from '@tensorflow/tfjs-core';

export function smoothedOneHot(labels: ArrayLike<number>, numClasses: number, smoothing: number): Float32Array {
  const off = smoothing / numClasses;
  const on = 1 - smoothing + off;
  const out = new Float32Array(labels.length * numClasses).fill(off);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (!Number.isInteger(y) || y < 0 || y >= numClasses) throw new Error(`label ${y} out of range for ${numClasses} classes`);
    out[i * numClasses + y] = on;
  }
  return out;
}

export function mixupTargets(labels: ArrayLike<number>, numClasses: number, lam: number, smoothing: number): tf.Tensor2D {
  const n = labels.length;
  const y1 = smoothedOneHot(labels, numClasses, smoothing);
  const y2 = smoothedOneHot(Array.from(labels).reverse(), numClasses, smoothing);
  return tf.tensor2d(y1.map((v, i) => lam * v + (1 - lam) * y2[i]), [n, numClasses]);
}
