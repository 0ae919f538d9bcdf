// A realistic binary DR-screening sweep for tests and for looking at the page: three Mamba
// families x three seeds with 20-epoch curves and per-example probabilities, plus one failed
// run. Everything derives from a seeded generator, so the fixture never changes. With `webgpu`
// the same sweep ran on the webgpu backend: GPU memory and the adapter are recorded.
import { Rng } from '@mambabench/random';
import type { EpochRecord, ExperimentResults, GpuAdapterRecord, RunRecord } from './run-record.ts';

/** What Dawn reports for an H100 through NVIDIA's Vulkan driver. */
export const H100_ADAPTER: GpuAdapterRecord = {
  vendor: 'nvidia', architecture: 'hopper', device: 'NVIDIA H100 80GB HBM3', description: 'NVIDIA: 550.54.15 550.54.15.0',
  software: false, max_storage_binding_bytes: 4_294_967_292, timestamp_query: true,
};

/** Peak live tensors as a share of the webgpu buffer pool (the pool also keeps freed buffers). */
const LIVE_SHARE = 0.6;

const CLASS_NAMES = ['DR', 'No_DR'];

interface FamilySpec {
  model: string;
  variant: string;
  /** Separation of the two classes' logits: higher = more accurate. */
  skill: number;
  params: number;
  macs: number;
  mem: number;
  time: number;
}

const FAMILIES: FamilySpec[] = [
  { model: 'nnMamba', variant: 'nnmamba3-scaled', skill: 2.6, params: 15_600_000, macs: 4.1e9, mem: 6100, time: 1850 },
  { model: 'MedMamba', variant: 'medmamba-t', skill: 2.1, params: 14_500_000, macs: 2.5e9, mem: 19_800, time: 7300 },
  { model: 'VMamba', variant: 'vmamba-t', skill: 2.9, params: 30_200_000, macs: 4.9e9, mem: 23_900, time: 7050 },
];

function predictions(n: number, skill: number, rng: Rng) {
  const labels: number[] = [];
  const probs: number[][] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2; // balanced: DR, No_DR alternating
    const logit = (label === 0 ? skill : -skill) / 1.4 + rng.normal();
    const pDr = Math.round((1 / (1 + Math.exp(-logit))) * 1e6) / 1e6;
    labels.push(label);
    probs.push([pDr, Math.round((1 - pDr) * 1e6) / 1e6]);
  }
  return { labels, probs };
}

function accuracy(p: { labels: number[]; probs: number[][] }): number {
  return p.labels.filter((l, i) => (p.probs[i]![0]! >= p.probs[i]![1]! ? 0 : 1) === l).length / p.labels.length;
}

function curves(epochs: number, bestEpoch: number, bestAcc: number, rng: Rng, epochTime: number): EpochRecord[] {
  return Array.from({ length: epochs }, (_, i) => {
    const e = i + 1;
    const t = e / epochs;
    const val = e === bestEpoch ? bestAcc : bestAcc - 0.25 * Math.exp(-4 * t) - 0.004 - 0.01 * rng.float();
    return {
      epoch: e,
      lr: 3e-4 * (0.5 + 0.5 * Math.cos(Math.PI * t)),
      train_loss: 0.69 * Math.exp(-2.2 * t) + 0.05 + 0.02 * rng.float(),
      train_acc: Math.min(0.995, 0.55 + 0.45 * (1 - Math.exp(-3 * t)) + 0.01 * rng.float()),
      val_loss: 0.69 * Math.exp(-1.8 * t) + 0.12 + 0.03 * t + 0.02 * rng.float(),
      val_acc: Math.min(val, bestAcc),
      epoch_time_s: epochTime * (0.95 + 0.1 * rng.float()),
    };
  });
}

function run(f: FamilySpec, seed: number, withTest: boolean, epochs: number, webgpu: boolean): RunRecord {
  const rng = new Rng(seed * 1000 + f.skill * 100);
  const skill = f.skill + 0.15 * rng.normal();
  const valid = predictions(160, skill, rng);
  const test = predictions(200, skill, rng);
  const bestVal = accuracy(valid);
  const bestEpoch = epochs - 2 - rng.intBelow(4);
  const time = f.time * (0.97 + 0.06 * rng.float());
  const memory = f.mem * (0.99 + 0.02 * rng.float());
  const counts = { train: { DR: 1026, No_DR: 1024 }, valid: { DR: 80, No_DR: 80 }, ...(withTest ? { test: { DR: 100, No_DR: 100 } } : {}) };
  return {
    model: f.model,
    variant: f.variant,
    params: f.params,
    image_size: 224,
    batch_size: 32,
    epochs,
    seed,
    backend: webgpu ? 'webgpu' : 'tensorflow-gpu',
    best_val_acc: bestVal,
    best_epoch: bestEpoch,
    test_acc: withTest ? accuracy(test) : null,
    peak_tensor_mb: webgpu ? memory * LIVE_SHARE : memory,
    ...(webgpu ? { gpu_memory_mb: memory, adapter: H100_ADAPTER } : {}),
    peak_rss_mb: 5200 + 800 * rng.float(),
    train_time_s: time,
    images_per_s: (2050 * epochs) / time,
    status: 'ok',
    macs: f.macs,
    scan_flops: f.macs / 40,
    run_id: `${f.variant}__s${seed}`,
    hyperparameters: { image_size: 224, batch_size: 32, epochs, optimizer: { name: 'adamw', lr: 3e-4 }, overrides: {} },
    dataset: { name: 'aptos-binary', fingerprint: 'sha256:9c1e4b77d2a0', counts },
    curves: curves(epochs, bestEpoch, bestVal, rng, time / epochs),
    class_names: CLASS_NAMES,
    predictions: { valid, ...(withTest ? { test } : {}) },
    started_at: `2025-07-0${seed}T08:00:00.000Z`,
    finished_at: `2025-07-0${seed}T10:05:00.000Z`,
  };
}

export interface DrFixtureOptions {
  seeds?: number[];
  name?: string;
  withTest?: boolean;
  epochs?: number;
  /** Add a failed Vision Mamba run (out of memory). */
  withFailure?: boolean;
  /** Runs on the webgpu backend (GPU memory and adapter recorded) instead of tensorflow-gpu. */
  webgpu?: boolean;
}

export function drResults(options: DrFixtureOptions = {}): ExperimentResults {
  const { seeds = [1, 2, 3], name = 'seed-replica-dr', withTest = true, epochs = 20, withFailure = true, webgpu = false } = options;
  const runs = FAMILIES.flatMap((f) => seeds.map((s) => run(f, s, withTest, epochs, webgpu)));
  if (withFailure) {
    const failed = run({ model: 'Vision Mamba', variant: 'vim-s', skill: 2, params: 26_000_000, macs: 5.1e9, mem: 12_000, time: 10_000 }, 1, withTest, epochs, webgpu);
    runs.push({
      ...failed,
      status: 'failed',
      error: 'RESOURCE_EXHAUSTED: OOM when allocating tensor with shape [32,384,196,16]',
      best_val_acc: null, best_epoch: null, test_acc: null, peak_tensor_mb: null, train_time_s: null, images_per_s: null,
      ...(webgpu ? { gpu_memory_mb: null } : {}),
      curves: failed.curves.slice(0, 2),
      predictions: undefined,
    });
  }
  return {
    experiment: {
      name,
      file: `experiments/${name}.json`,
      spec: { name, models: FAMILIES.map((f) => f.variant), seeds, epochs, image_size: 224, batch_size: 32, data: { kind: 'folder', root: 'data/aptos-binary' } },
    },
    environment: {
      backend: webgpu ? 'webgpu' : 'tensorflow-gpu', tfjs: '4.22.0', cpu: 'AMD EPYC 7763 64-Core Processor', cores: 16, memory_gb: 125.7,
      node: 'v20.19.0', os: 'Linux 6.8.0 x64', git_commit: '9260fb8a1c2d', backend_detail: webgpu ? '@tensorflow/tfjs-backend-webgpu 4.22.0 on Dawn, nvidia hopper NVIDIA H100 80GB HBM3' : 'CUDA 12.4, NVIDIA H100 80GB', jobs: 1,
    },
    runs,
  };
}
