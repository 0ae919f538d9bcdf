import {
  tf, AdamW, activationCheckpointing, getModel, activeScanKernelName, gpuMemoryBytes, initBackend, modelMacs, peakTensorBytes, resetPeakTensorBytes, trainStep,
  withInitSeed, MB, type BackendChoice, type BackendInfo,
} from '@mambabench/core';
import { profileKernelCalls, selfTimes } from './kernel-self-time';

export interface PerfOptions {
  model: string;
  backend: BackendChoice;
  imageSize: number;
  batch: number;
  steps: number;
  warmup: number;
  /** Also list the kernels that take the most time in one profiled train step. */
  profile: boolean;
  /** wasm threads (default: MAMBABENCH_THREADS, else all cores). */
  threads?: number;
}

export interface PerfResult {
  model: string;
  backend: string;
  backend_detail: string;
  threads: number;
  scan_kernel: string;
  /** Activation checkpointing on (less memory, an extra forward per checkpointed segment). */
  checkpoint: boolean;
  image_size: number;
  batch: number;
  params: number;
  gmacs_per_image: number;
  train_ms: { median: number; min: number; max: number };
  infer_ms: { median: number; min: number; max: number };
  train_images_per_s: number;
  infer_images_per_s: number;
  /** Achieved GFLOP/s of the train step, counting forward + backward as 3 x 2 x MACs. */
  train_gflops: number;
  infer_gflops: number;
  /** Peak tensor memory of the train steps, in MiB (2^20 bytes), as tfjs counts it (the analogue of GPU memory). */
  peak_tensor_mb: number;
  /** Peak tensor memory of the inference steps, MiB: one tf.tidy keeps the whole forward's activations. */
  infer_peak_tensor_mb: number;
  /**
   * webgpu only (else null): GPU memory the process holds after the train steps, MiB. tfjs pools
   * freed GPU buffers and never returns them, so this is the train steps' high-water mark.
   */
  gpu_memory_mb: number | null;
  /** --profile: kernels by time (on webgpu, GPU time from timestamp queries). */
  top_kernels?: { name: string; ms: number; share: number }[];
  /** --profile: why there is no kernel list, or what its times mean. */
  profile_note?: string;
}

function spread(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
}

/**
 * Times `steps` train steps (forward, loss, backward, AdamW) and inference steps after warm-up.
 * Each timed step ends with an awaited read of its result (the loss; the logits): on webgpu the
 * step is only queued when trainStep returns, and the read returns when the GPU has run it all.
 */
export async function measureModel(o: PerfOptions): Promise<PerfResult> {
  const backend = await initBackend(o.backend, { threads: o.threads });
  const model = withInitSeed(1, () => getModel(o.model).build({ numClasses: 2, imageSize: o.imageSize, inChannels: 3 }));
  const { macs } = modelMacs(model, o.imageSize);
  const optimizer = new AdamW(model.parameters(), { lr: 1e-4 });
  const x = tf.randomNormal([o.batch, o.imageSize, o.imageSize, 3], 0, 1, 'float32', 3);
  const y = tf.tensor1d(Array.from({ length: o.batch }, (_, i) => i % 2), 'int32');
  const train = async () => {
    const { loss, correct } = trainStep(model, optimizer, x, y);
    await loss.data();
    tf.dispose([loss, correct]);
  };
  const infer = async () => {
    model.eval();
    const logits = tf.tidy(() => model.forward(x));
    await logits.data();
    logits.dispose();
    model.train();
  };
  const time = async (f: () => Promise<void>) => {
    const t0 = performance.now();
    await f();
    return performance.now() - t0;
  };
  const repeat = async (n: number, f: () => Promise<void>) => {
    const times: number[] = [];
    for (let i = 0; i < n; i++) times.push(await time(f));
    return times;
  };
  // Train and inference peaks apart: at 224 px the inference forward (all activations alive
  // until its tidy ends) can peak above the checkpointed train step.
  resetPeakTensorBytes();
  await repeat(o.warmup, train);
  const trainTimes = await repeat(o.steps, train);
  const peak = peakTensorBytes() / MB;
  const gpuBytes = gpuMemoryBytes();
  resetPeakTensorBytes();
  await repeat(o.warmup, infer);
  const inferTimes = await repeat(o.steps, infer);
  const inferPeak = peakTensorBytes() / MB;
  const tr = spread(trainTimes);
  const inf = spread(inferTimes);
  const profile = o.profile ? await profileTrainStep(backend, train, time, tr.median) : {};
  const result: PerfResult = {
    model: o.model, backend: backend.name, backend_detail: backend.detail, threads: backend.threads,
    scan_kernel: activeScanKernelName(), checkpoint: activationCheckpointing(), image_size: o.imageSize, batch: o.batch, params: model.numParams(),
    gmacs_per_image: macs / 1e9,
    train_ms: tr, infer_ms: inf,
    train_images_per_s: (o.batch * 1000) / tr.median,
    infer_images_per_s: (o.batch * 1000) / inf.median,
    train_gflops: (6 * macs * o.batch) / (tr.median * 1e6),
    infer_gflops: (2 * macs * o.batch) / (inf.median * 1e6),
    peak_tensor_mb: peak,
    infer_peak_tensor_mb: inferPeak,
    gpu_memory_mb: gpuBytes === null ? null : gpuBytes / MB,
    ...profile,
  };
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  return result;
}

/**
 * One train step under tf.profile, its kernels' self times summed by name (kernel-self-time.ts:
 * the kernels a call runs inside it count under their own names, not twice): the ten slowest,
 * and the time outside every kernel.
 * - CPU backends: kernel times are wall times; the rest of the step's wall time (the selective
 *   scan's backward, which runs in a gradient function rather than a kernel, tape bookkeeping,
 *   JS) is listed as one more row.
 * - webgpu: kernel times are GPU times from timestamp queries. Timing ends the compute pass and
 *   submits after every program, so the profiled step's wall time is not a normal step's; the
 *   row added is the GPU's idle time in an unprofiled step (the median), i.e. JS, dispatch and
 *   transfers. Without the adapter feature 'timestamp-query' tfjs reports 0 ms for every
 *   kernel, so there is no list.
 */
async function profileTrainStep(
  backend: BackendInfo, train: () => Promise<void>, time: (f: () => Promise<void>) => Promise<number>, medianStepMs: number,
): Promise<Pick<PerfResult, 'top_kernels' | 'profile_note'>> {
  const gpu = backend.name === 'webgpu';
  if (gpu && !backend.adapter?.timestamp_query) {
    return { profile_note: "no kernel times: the GPU adapter lacks the 'timestamp-query' feature" };
  }
  let wall = 0;
  const calls = await profileKernelCalls(async () => {
    wall = await time(train);
  });
  const { byName, outermost: inKernels } = selfTimes(calls);
  const step = gpu ? medianStepMs : wall;
  const total = Math.max(step, inKernels);
  // The ten slowest kernels, and always the time outside them, so the list shows both sides.
  const rows: [string, number][] = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 10);
  rows.push([gpu ? '(GPU idle: JS, dispatch, transfers)' : '(outside tfjs kernels: scan backward, tape, JS)', Math.max(0, step - inKernels)]);
  return {
    top_kernels: rows.sort((a, b) => b[1] - a[1]).map(([name, ms]) => ({ name, ms, share: ms / total })),
    ...(gpu ? { profile_note: `GPU time per kernel from timestamp queries; the median step took ${medianStepMs.toFixed(1)} ms` } : {}),
  };
}
