/**
 * torchvision GaussianBlur(kernel_size, sigma=(min, max)) on a batch: one sigma per image,
 * uniform in [min, max], the same sigma on both axes, 'reflect' padding (mirror without
 * repeating the edge pixel, as torch's F.pad mode='reflect').
 *
 * A different kernel per image is one depthwise convolution: the batch is folded into the
 * channel axis ([B,H,W,C] -> [1,H,W,B*C]), so channel b*C+c carries image b's kernel. Like
 * torchvision it convolves with the 2-D kernel (outer product of the 1-D one) rather than two
 * 1-D passes: the wasm backend runs k x k depthwise kernels much faster than k x 1 ones.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '@mambabench/random';

/** torchvision's _get_gaussian_kernel1d: exp(-x^2 / (2 sigma^2)) at x = -(k-1)/2 .. (k-1)/2, normalised. */
export function gaussianKernel1d(size: number, sigma: number): Float64Array {
  if (!Number.isInteger(size) || size < 1 || size % 2 === 0) throw new Error(`kernel size must be a positive odd integer, got ${size}`);
  if (!(sigma > 0)) throw new Error(`sigma must be > 0, got ${sigma}`);
  const half = (size - 1) / 2;
  const k = Float64Array.from({ length: size }, (_, i) => Math.exp(-0.5 * ((i - half) / sigma) ** 2));
  const sum = k.reduce((a, v) => a + v, 0);
  return k.map((v) => v / sum);
}

export function gaussianBlurBatch(x: tf.Tensor4D, sigmas: ArrayLike<number>, kernelSize = 5): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  if (sigmas.length !== b) throw new Error(`gaussianBlurBatch: ${sigmas.length} sigmas for a batch of ${b}`);
  const half = (kernelSize - 1) / 2;
  if (half >= h || half >= w) throw new Error(`gaussianBlurBatch: reflect padding of ${half} needs images larger than ${h}x${w}`);
  const bc = b * c;
  const taps = new Float32Array(kernelSize * kernelSize * bc);
  for (let i = 0; i < b; i++) {
    const k = gaussianKernel1d(kernelSize, sigmas[i]);
    for (let y = 0; y < kernelSize; y++) for (let x = 0; x < kernelSize; x++) {
      for (let ch = 0; ch < c; ch++) taps[(y * kernelSize + x) * bc + i * c + ch] = k[y] * k[x];
    }
  }
  return tf.tidy(() => {
    const folded = tf.transpose(x, [1, 2, 0, 3]).reshape([1, h, w, bc]) as tf.Tensor4D;
    const padded = tf.mirrorPad(folded, [[0, 0], [half, half], [half, half], [0, 0]], 'reflect');
    const blurred = tf.depthwiseConv2d(padded, tf.tensor4d(taps, [kernelSize, kernelSize, bc, 1]), 1, 'valid');
    return tf.transpose(blurred.reshape([h, w, b, c]), [2, 0, 1, 3]) as tf.Tensor4D;
  });
}

/** torchvision GaussianBlur(kernelSize, sigma=(sigmaMin, sigmaMax)). */
export class RandomGaussianBlur {
  constructor(readonly kernelSize: number, readonly sigmaMin: number, readonly sigmaMax: number, private readonly rng: Rng) {
    gaussianKernel1d(kernelSize, sigmaMin); // validates both early
    if (!(sigmaMax >= sigmaMin)) throw new Error(`GaussianBlur: sigma max ${sigmaMax} < min ${sigmaMin}`);
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    const sigmas = Array.from({ length: x.shape[0] }, () => this.rng.uniform(this.sigmaMin, this.sigmaMax));
    return gaussianBlurBatch(x, sigmas, this.kernelSize);
  }
}
