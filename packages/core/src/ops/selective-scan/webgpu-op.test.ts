import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useWebGpu, valuesAsync, webGpuTestAdapter } from '../../testing/webgpu';
import { initBackend } from '../../backend';
import { finiteDiffGrad64, INPUT_NAMES, referenceScan64, relError } from './reference64';
import { selectiveScan } from './selective-scan';
import { WEBGPU_SCAN_MODES, webGpuScanMode } from './webgpu-op';
import { makeInputs, randomWeights, type TestInputs } from './test-inputs';
import type { ScanDims } from './types';

const adapter = await webGpuTestAdapter('selective scan WGSL kernels');
const dims = (batch: number, length: number, dim: number, state: number): ScanDims => ({ batch, length, dim, state });

function toTensors(d: ScanDims, x: TestInputs): tf.Tensor[] {
  const { batch: B, length: L, dim: D, state: N } = d;
  return [
    tf.tensor3d(x.f32.u, [B, L, D]), tf.tensor3d(x.f32.delta, [B, L, D]), tf.tensor2d(x.f32.A, [D, N]),
    tf.tensor3d(x.f32.Bm, [B, L, N]), tf.tensor3d(x.f32.C, [B, L, N]), tf.tensor1d(x.f32.Dskip),
  ];
}

/** y and the six gradients of sum(y * w), on the active backend, read back asynchronously. */
async function scanAndGrads(d: ScanDims, x: TestInputs, w: Float32Array, interval?: number) {
  const ts = toTensors(d, x);
  const wt = tf.tensor3d(w, [d.batch, d.length, d.dim]);
  const f = (...a: tf.Tensor[]) => selectiveScan(a[0], a[1], a[2], a[3], a[4], a[5], { checkpointInterval: interval });
  const y = f(...ts);
  const gs = tf.grads(f)(ts, wt);
  const out = { y: await valuesAsync(y), grads: await Promise.all(gs.map(valuesAsync)), shapes: gs.map((g) => g.shape) };
  tf.dispose([...ts, wt, y, ...gs]);
  return out;
}

describe.skipIf(!adapter).each(WEBGPU_SCAN_MODES)('selectiveScan on webgpu (WGSL kernels, %s)', (mode) => {
  const previous = process.env.MAMBABENCH_WEBGPU_SCAN;
  beforeAll(async () => {
    process.env.MAMBABENCH_WEBGPU_SCAN = mode;
    await useWebGpu();
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.MAMBABENCH_WEBGPU_SCAN; else process.env.MAMBABENCH_WEBGPU_SCAN = previous;
  });

  // Channels below, at and above one 64-channel workgroup; chunks that do and do not divide L;
  // d_state 1, 4, 8, 16 (the models use 8 and 16).
  const cases: Array<[ScanDims, number | undefined]> = [
    [dims(1, 1, 4, 3), undefined],
    [dims(2, 7, 5, 4), 3],
    [dims(3, 50, 8, 8), undefined],
    [dims(2, 33, 70, 16), 8],
    [dims(1, 40, 64, 1), 16],
  ];

  it.each(cases)('forward matches the float64 reference: %o, interval %s', async (d, interval) => {
    const x = makeInputs(d, 100);
    const w = randomWeights(d.batch * d.length * d.dim, 101);
    const { y } = await scanAndGrads(d, x, w, interval);
    expect(relError(y, referenceScan64(d, x.f64))).toBeLessThan(1e-5);
  });

  it.each(cases.slice(0, 3))('gradients of all six inputs match float64 central differences: %o', async (d, interval) => {
    const x = makeInputs(d, 200);
    const w = randomWeights(d.batch * d.length * d.dim, 201);
    const { grads, shapes } = await scanAndGrads(d, x, w, interval);
    INPUT_NAMES.forEach((name, i) => {
      expect(shapes[i], name).toEqual(toTensors(d, x)[i].shape);
      expect(relError(grads[i], finiteDiffGrad64(d, x.f64, w, name)), name).toBeLessThan(1e-4);
    });
  });

  // Two channel groups with a partial one (70, 96), d_state 16, many chunks; the cpu backend's
  // kernel is the one checked against central differences above and in selective-scan.test.ts.
  it.each([[dims(2, 33, 70, 16), 8], [dims(2, 600, 96, 16), undefined]])('matches the cpu backend (rel. error < 1e-4): %o', async (d, interval) => {
    const x = makeInputs(d, 300, { delta: [0, 3], A: [-8, -1e-3] });
    const w = randomWeights(d.batch * d.length * d.dim, 301);
    const gpu = await scanAndGrads(d, x, w, interval);
    await initBackend('cpu');
    const cpu = await scanAndGrads(d, x, w, interval);
    await useWebGpu();
    expect(relError(gpu.y, cpu.y)).toBeLessThan(1e-4);
    INPUT_NAMES.forEach((name, i) => expect(relError(gpu.grads[i], cpu.grads[i]), name).toBeLessThan(1e-4));
  });

  it('never reads a tensor synchronously and leaks no tensors', async () => {
    const d = dims(2, 9, 6, 4);
    const x = makeInputs(d, 400);
    const w = randomWeights(d.batch * d.length * d.dim, 401);
    const before = tf.memory().numTensors;
    const backend = tf.backend() as unknown as { readSync: unknown };
    const readSync = backend.readSync;
    backend.readSync = () => { throw new Error('readSync during the scan'); };
    try {
      await scanAndGrads(d, x, w);
    } finally {
      backend.readSync = readSync;
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses, naming the shape and the limit, a gradient buffer past the adapter\'s binding limit', async () => {
    const limit = (tf.backend() as unknown as { device: GPUDevice }).device.limits.maxStorageBufferBindingSize;
    if (limit > 2 ** 28) return; // a real GPU: the shape that exceeds it would not fit this test's budget
    // du and ddelta alone are 2 * B * L * D floats.
    const d = dims(1, 1024, Math.ceil(limit / (2 * 1024 * 4) / 64) * 64 + 64, 1);
    const u = tf.zeros([d.batch, d.length, d.dim]);
    const delta = tf.fill([d.batch, d.length, d.dim], 0.5);
    const rest = [tf.fill([d.dim, 1], -1), tf.zeros([1, d.length, 1]), tf.zeros([1, d.length, 1]), tf.zeros([d.dim])];
    const f = (...a: tf.Tensor[]) => selectiveScan(a[0], a[1], a[2], a[3], a[4], a[5]);
    expect(() => tf.tidy(() => tf.grads(f)([u, delta, ...rest]))).toThrow(/MambabenchScan(Chunk)?Backward needs a \d+ MiB buffer for \(B, L, D, N\) = \(1, 1024, \d+, 1\), above this adapter's 128 MiB storage-binding limit/);
    tf.dispose([u, delta, ...rest]);
  });
});

describe('webGpuScanMode', () => {
  it('reads MAMBABENCH_WEBGPU_SCAN and names the allowed values when it is wrong', () => {
    const previous = process.env.MAMBABENCH_WEBGPU_SCAN;
    try {
      delete process.env.MAMBABENCH_WEBGPU_SCAN;
      expect(webGpuScanMode()).toBe('sequential');
      process.env.MAMBABENCH_WEBGPU_SCAN = 'chunked';
      expect(webGpuScanMode()).toBe('chunked');
      process.env.MAMBABENCH_WEBGPU_SCAN = 'parallel';
      expect(() => webGpuScanMode()).toThrow('MAMBABENCH_WEBGPU_SCAN must be one of sequential, chunked, got "parallel"');
    } finally {
      if (previous === undefined) delete process.env.MAMBABENCH_WEBGPU_SCAN; else process.env.MAMBABENCH_WEBGPU_SCAN = previous;
    }
  });
});
