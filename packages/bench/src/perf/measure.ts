import {
  tf, AdamW, activationCheckpointing, getModel, getSelectiveScanKernel, initBackend, modelMacs, peakTensorBytes, resetPeakTensorBytes, trainStep,
  withInitSeed, MB, type BackendChoice,
} from '@mambabench/core';

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
  top_kernels?: { name: string; ms: number; share: number }[];
}

function spread(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
}

/** Times `steps` train steps (forward, loss, backward, AdamW) and inference steps after warm-up. */
export async function measureModel(o: PerfOptions): Promise<PerfResult> {
  const backend = await initBackend(o.backend, { threads: o.threads });
  const model = withInitSeed(1, () => getModel(o.model).build({ numClasses: 2, imageSize: o.imageSize, inChannels: 3 }));
  const { macs } = modelMacs(model, o.imageSize);
  const optimizer = new AdamW(model.parameters(), { lr: 1e-4 });
  const x = tf.randomNormal([o.batch, o.imageSize, o.imageSize, 3], 0, 1, 'float32', 3);
  const y = tf.tensor1d(Array.from({ length: o.batch }, (_, i) => i % 2), 'int32');
  const train = () => trainStep(model, optimizer, x, y);
  const infer = () => {
    model.eval();
    tf.tidy(() => model.forward(x).dataSync());
    model.train();
  };
  const time = (f: () => unknown) => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  };
  // Train and inference peaks apart: at 224 px the inference forward (all activations alive
  // until its tidy ends) can peak above the checkpointed train step.
  resetPeakTensorBytes();
  for (let i = 0; i < o.warmup; i++) train();
  const trainTimes = Array.from({ length: o.steps }, () => time(train));
  const peak = peakTensorBytes() / MB;
  resetPeakTensorBytes();
  for (let i = 0; i < o.warmup; i++) infer();
  const inferTimes = Array.from({ length: o.steps }, () => time(infer));
  const inferPeak = peakTensorBytes() / MB;
  let topKernels: PerfResult['top_kernels'];
  if (o.profile) {
    let wall = 0;
    const prof = await tf.profile(() => {
      wall = time(train);
    });
    const byName = new Map<string, number>();
    for (const k of prof.kernels) byName.set(k.name, (byName.get(k.name) ?? 0) + Number(k.kernelTimeMs));
    const inKernels = [...byName.values()].reduce((a, b) => a + b, 0);
    // Work outside tfjs kernels (the selective scan's custom op, tape bookkeeping, the optimizer's
    // JS) shows up only in wall time; list it so the shares add up to the whole step.
    byName.set('(outside tfjs kernels: scan op, JS)', Math.max(0, wall - inKernels));
    const total = Math.max(wall, inKernels);
    topKernels = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([name, ms]) => ({ name, ms, share: ms / total }));
  }
  const tr = spread(trainTimes);
  const inf = spread(inferTimes);
  const result: PerfResult = {
    model: o.model, backend: backend.name, backend_detail: backend.detail, threads: backend.threads,
    scan_kernel: getSelectiveScanKernel().name, checkpoint: activationCheckpointing(), image_size: o.imageSize, batch: o.batch, params: model.numParams(),
    gmacs_per_image: macs / 1e9,
    train_ms: tr, infer_ms: inf,
    train_images_per_s: (o.batch * 1000) / tr.median,
    infer_images_per_s: (o.batch * 1000) / inf.median,
    train_gflops: (6 * macs * o.batch) / (tr.median * 1e6),
    infer_gflops: (2 * macs * o.batch) / (inf.median * 1e6),
    peak_tensor_mb: peak,
    infer_peak_tensor_mb: inferPeak,
    ...(topKernels ? { top_kernels: topKernels } : {}),
  };
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  return result;
}
