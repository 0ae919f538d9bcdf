import * as tf from '@tensorflow/tfjs-core';
import {
  SCAN_BACKWARD, SCAN_CHUNK_BACKWARD, SCAN_CHUNK_COMBINE_FORWARD, SCAN_CHUNK_COMBINE_REVERSE, SCAN_CHUNK_GRAD_CARRY, SCAN_CHUNK_LOCAL,
  SCAN_OUTPUT, SCAN_STATES, type ScanKernelAttrs,
} from '../../kernels/webgpu/register';
import { backwardLayout } from '../../kernels/webgpu/selective-scan-backward';
import { CHUNKED_INTERVAL } from '../../kernels/webgpu/selective-scan-chunked';
import { scanShape } from '../../kernels/webgpu/scan-shapes';
import type { ScanDims } from './types';

const flat = (t: tf.Tensor) => tf.reshape(t, [-1]);
const run = (name: string, inputs: Record<string, tf.Tensor>, attrs: ScanKernelAttrs) =>
  tf.engine().runKernel(name, inputs as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;

export const WEBGPU_SCAN_MODES = ['sequential', 'chunked'] as const;
export type WebGpuScanMode = (typeof WEBGPU_SCAN_MODES)[number];

/**
 * How the webgpu scan parallelises (MAMBABENCH_WEBGPU_SCAN): `sequential` walks each (row,
 * channel) over all L tokens, the baseline with O(B L/T D N) memory; `chunked` runs every
 * chunk at once (selective-scan-chunked.ts) for more GPU threads at some memory. Same results up
 * to float32 rounding; which is faster on a real GPU is measured with `perf`, not yet done.
 */
export function webGpuScanMode(): WebGpuScanMode {
  const mode = process.env.MAMBABENCH_WEBGPU_SCAN ?? 'sequential';
  if (!(WEBGPU_SCAN_MODES as readonly string[]).includes(mode)) {
    throw new Error(`MAMBABENCH_WEBGPU_SCAN must be one of ${WEBGPU_SCAN_MODES.join(', ')}, got "${mode}"`);
  }
  return mode as WebGpuScanMode;
}

/**
 * The selective scan on the webgpu backend: the same op and gradient as selectiveScan's host
 * kernels, computed by WGSL kernels (kernels/webgpu/selective-scan-*.ts) on tensors that never
 * leave the GPU. No sign check of delta and A (it would read them back); the models guarantee
 * delta = softplus(.) >= 0 and A = -exp(A_log) < 0.
 */
export function selectiveScanWebGpu(
  u: tf.Tensor, delta: tf.Tensor, A: tf.Tensor, Bm: tf.Tensor, C: tf.Tensor, Dskip: tf.Tensor,
  dims: ScanDims, interval: number,
): tf.Tensor3D {
  const { batch: B, length: L, dim: D, state: N } = dims;
  const chunked = webGpuScanMode() === 'chunked';
  const T = chunked ? CHUNKED_INTERVAL : interval;
  const attrs: ScanKernelAttrs = { B, L, D, N, T };
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [ut, dt, at, bt, ct, st] = args as tf.Tensor[];
    const save = args[6] as tf.GradSaveFunc;
    const params = tf.concat([flat(at), st]);
    const inputs = { u: flat(ut), delta: flat(dt), params, bmat: flat(bt), cmat: flat(ct) };
    let states: tf.Tensor;
    if (chunked) {
      const local = run(SCAN_CHUNK_LOCAL, inputs, attrs);
      states = run(SCAN_CHUNK_COMBINE_FORWARD, { params, packed: local }, attrs);
      local.dispose();
    } else {
      states = run(SCAN_STATES, inputs, attrs);
    }
    const y = run(SCAN_OUTPUT, { ...inputs, states }, attrs);
    save([inputs.u, inputs.delta, params, inputs.bmat, inputs.cmat, states]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [su, sdelta, sparams, sb, sc, sstates] = saved;
      const dyf = flat(dy);
      let packed: tf.Tensor;
      if (chunked) {
        const local = run(SCAN_CHUNK_GRAD_CARRY, { delta: sdelta, params: sparams, cmat: sc, dy: dyf }, attrs);
        const carryIn = run(SCAN_CHUNK_COMBINE_REVERSE, { params: sparams, packed: local }, attrs);
        const stc = tf.concat([sstates, carryIn]);
        packed = run(SCAN_CHUNK_BACKWARD, { u: su, delta: sdelta, params: sparams, bmat: sb, cmat: sc, stc, dy: dyf }, attrs);
        tf.dispose([local, carryIn, stc]);
      } else {
        packed = run(SCAN_BACKWARD, { u: su, delta: sdelta, params: sparams, bmat: sb, cmat: sc, states: sstates, dy: dyf }, attrs);
      }
      const s = scanShape(B, L, D, N, T);
      const o = backwardLayout(s, chunked);
      const rows = chunked ? B * s.CH : B;
      const part = (offset: number, size: number, shape: number[]) => tf.reshape(tf.slice(packed, [offset], [size]), shape);
      const grads = [
        part(o.du, B * L * D, [B, L, D]),
        part(o.ddelta, B * L * D, [B, L, D]),
        tf.sum(part(o.dA, rows * D * N, [rows, D, N]), 0),
        tf.sum(part(o.dB, B * L * o.G * N, [B, L, o.G, N]), 2),
        tf.sum(part(o.dC, B * L * o.G * N, [B, L, o.G, N]), 2),
        tf.sum(part(o.dD, rows * D, [rows, D]), 0),
      ];
      packed.dispose();
      return grads;
    };
    return { value: tf.reshape(y, [B, L, D]), gradFunc };
  });
  return op(u, delta, A, Bm, C, Dskip) as tf.Tensor3D;
}
