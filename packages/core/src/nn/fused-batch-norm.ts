import * as tf from '@tensorflow/tfjs-core';
import { Arena, ascModuleBuilt, instantiateAscModule } from '../wasm/asc-module';
import { readFloat32, tensorFromFloat32 } from '../wasm/tensor-io';

interface BatchNormExports {
  memory: WebAssembly.Memory;
  columnSums(M: number, C: number, x: number, sum: number, block: number): void;
  centeredSquareSums(M: number, C: number, x: number, mean: number, sq: number, block: number): void;
  normalize(M: number, C: number, x: number, mean: number, scale: number, beta: number, y: number): void;
  gradSums(M: number, C: number, x: number, dy: number, mean: number, sumDy: number, sumDyXc: number, block: number, block2: number): void;
  gradInput(M: number, C: number, x: number, dy: number, mean: number, a: number, b: number, k: number, dx: number): void;
}

let kernel: BatchNormExports | null = null;

/**
 * Whether fusedBatchNormTrain serves this tensor: our wasm module must be built, the channel
 * count a multiple of 4 (SIMD lanes), and the backend one whose memory we read directly (wasm,
 * cpu). Elsewhere (tensorflow) the composed ops are native and fast.
 */
export function fusedBatchNormApplies(channels: number): boolean {
  return channels % 4 === 0 && ['wasm', 'cpu'].includes(tf.getBackend()) && ascModuleBuilt('batch-norm');
}

export interface BatchNormStats {
  mean: Float64Array;
  /** Biased (divided by M) batch variance, as normalisation uses it. */
  variance: Float64Array;
}

/**
 * Training-mode batch norm over every axis but the last, y = (x - mean) / sqrt(var + eps) * gamma
 * + beta, with its gradient, as two passes of a WebAssembly SIMD kernel each way (see
 * assembly/batch-norm.ts) in place of the ~10 broadcast and reduction kernels of the composed
 * ops. Per-channel arithmetic is float64. `onStats` receives the batch statistics (for running
 * averages) when the forward runs.
 */
export function fusedBatchNormTrain(
  x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number, onStats: (s: BatchNormStats) => void,
): tf.Tensor {
  kernel ??= instantiateAscModule<BatchNormExports>('batch-norm');
  const k = kernel;
  const C = x.shape[x.shape.length - 1];
  const M = x.size / C;
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xt, gt, bt] = args as tf.Tensor[];
    const save = args[3] as tf.GradSaveFunc;
    const g = Float64Array.from(readFloat32(gt));
    const b = Float64Array.from(readFloat32(bt));
    const a = new Arena(k.memory).alloc('x', M * C).alloc('y', M * C).alloc('mean', C).alloc('scale', C).alloc('beta', C)
      .alloc('block', C).alloc('sum', C, 8).alloc('sq', C, 8).commit();
    a.f32('x', M * C).set(readFloat32(xt));
    a.f64('sum', C).fill(0);
    a.f64('sq', C).fill(0);
    k.columnSums(M, C, a.ptr('x'), a.ptr('sum'), a.ptr('block'));
    const mean = a.f64('sum', C).map((s) => s / M);
    a.f32('mean', C).set(mean);
    k.centeredSquareSums(M, C, a.ptr('x'), a.ptr('mean'), a.ptr('sq'), a.ptr('block'));
    const variance = a.f64('sq', C).map((s) => s / M);
    const invstd = variance.map((v) => 1 / Math.sqrt(v + eps));
    const scale = invstd.map((s, c) => s * g[c]);
    a.f32('scale', C).set(scale);
    a.f32('beta', C).set(b);
    k.normalize(M, C, a.ptr('x'), a.ptr('mean'), a.ptr('scale'), a.ptr('beta'), a.ptr('y'));
    const y = tensorFromFloat32(a.f32('y', M * C), xt.shape);
    onStats({ mean, variance });
    save([xt]);

    const gradFunc = (dy: tf.Tensor, [xs]: tf.Tensor[]) => {
      const r = new Arena(k.memory).alloc('x', M * C).alloc('dy', M * C).alloc('dx', M * C).alloc('mean', C)
        .alloc('a', C).alloc('b', C).alloc('k', C).alloc('block', C).alloc('block2', C).alloc('sumDy', C, 8).alloc('sumDyXc', C, 8).commit();
      r.f32('x', M * C).set(readFloat32(xs));
      r.f32('dy', M * C).set(readFloat32(dy));
      r.f32('mean', C).set(mean);
      r.f64('sumDy', C).fill(0);
      r.f64('sumDyXc', C).fill(0);
      k.gradSums(M, C, r.ptr('x'), r.ptr('dy'), r.ptr('mean'), r.ptr('sumDy'), r.ptr('sumDyXc'), r.ptr('block'), r.ptr('block2'));
      const sumDy = Float64Array.from(r.f64('sumDy', C));
      const sumDyXc = Float64Array.from(r.f64('sumDyXc', C));
      // dx = gamma*invstd * (dy - sumDy/M - xc * invstd^2 * sumDyXc/M)
      r.f32('a', C).set(scale);
      r.f32('b', C).set(scale.map((s, c) => (-s * invstd[c] * invstd[c] * sumDyXc[c]) / M));
      r.f32('k', C).set(scale.map((s, c) => (-s * sumDy[c]) / M));
      k.gradInput(M, C, r.ptr('x'), r.ptr('dy'), r.ptr('mean'), r.ptr('a'), r.ptr('b'), r.ptr('k'), r.ptr('dx'));
      const dx = tensorFromFloat32(r.f32('dx', M * C), xs.shape);
      const dgamma = tf.tensor1d(Float32Array.from(sumDyXc, (s, c) => s * invstd[c]));
      const dbeta = tf.tensor1d(Float32Array.from(sumDy));
      return [dx, dgamma, dbeta];
    };
    return { value: y, gradFunc };
  });
  return op(x, gamma, beta);
}
