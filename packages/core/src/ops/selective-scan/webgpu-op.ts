import * as tf from '@tensorflow/tfjs-core';
import { SCAN_BACKWARD, SCAN_OUTPUT, SCAN_STATES, type ScanKernelAttrs } from '../../kernels/webgpu/register';
import { backwardLayout } from '../../kernels/webgpu/selective-scan-backward';
import { scanShape } from '../../kernels/webgpu/scan-shapes';
import type { ScanDims } from './types';

const flat = (t: tf.Tensor) => tf.reshape(t, [-1]);
const run = (name: string, inputs: Record<string, tf.Tensor>, attrs: ScanKernelAttrs) =>
  tf.engine().runKernel(name, inputs as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;

/**
 * The selective scan on the webgpu backend: the same op and gradient as selectiveScan's host
 * kernels, computed by three WGSL kernels (kernels/webgpu/selective-scan-*.ts) on tensors that
 * never leave the GPU. No sign check of delta and A (it would read them back); the models
 * guarantee delta = softplus(.) >= 0 and A = -exp(A_log) < 0.
 */
export function selectiveScanWebGpu(
  u: tf.Tensor, delta: tf.Tensor, A: tf.Tensor, Bm: tf.Tensor, C: tf.Tensor, Dskip: tf.Tensor,
  dims: ScanDims, interval: number,
): tf.Tensor3D {
  const { batch: B, length: L, dim: D, state: N } = dims;
  const attrs: ScanKernelAttrs = { B, L, D, N, T: interval };
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [ut, dt, at, bt, ct, st] = args as tf.Tensor[];
    const save = args[6] as tf.GradSaveFunc;
    const params = tf.concat([flat(at), st]);
    const inputs = { u: flat(ut), delta: flat(dt), params, bmat: flat(bt), cmat: flat(ct) };
    const states = run(SCAN_STATES, inputs, attrs);
    const y = run(SCAN_OUTPUT, { ...inputs, states }, attrs);
    save([inputs.u, inputs.delta, params, inputs.bmat, inputs.cmat, states]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [su, sdelta, sparams, sb, sc, sstates] = saved;
      const packed = run(SCAN_BACKWARD, { u: su, delta: sdelta, params: sparams, bmat: sb, cmat: sc, states: sstates, dy: flat(dy) }, attrs);
      const o = backwardLayout(scanShape(B, L, D, N, interval));
      const part = (offset: number, size: number, shape: number[]) => tf.reshape(tf.slice(packed, [offset], [size]), shape);
      const grads = [
        part(o.du, B * L * D, [B, L, D]),
        part(o.ddelta, B * L * D, [B, L, D]),
        tf.sum(part(o.dA, B * D * N, [B, D, N]), 0),
        tf.sum(part(o.dB, B * L * o.G * N, [B, L, o.G, N]), 2),
        tf.sum(part(o.dC, B * L * o.G * N, [B, L, o.G, N]), 2),
        tf.sum(part(o.dD, B * D, [B, D]), 0),
      ];
      packed.dispose();
      return grads;
    };
    return { value: tf.reshape(y, [B, L, D]), gradFunc };
  });
  return op(u, delta, A, Bm, C, Dskip) as tf.Tensor3D;
}
