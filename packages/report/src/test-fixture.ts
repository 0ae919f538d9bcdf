// Shared by the tests: a small sweep with 2 variants x 2 seeds plus one failed run, and
// strings chosen to break naive CSV/HTML writers.
import type { EpochRecord, ExperimentResults, RunRecord } from './run-record.ts';

export const XSS = '</script><script>alert(1)</script>';

const dataset = {
  name: 'aptos2019-dr, 5 classes',
  fingerprint: 'sha256:3f2a9c',
  counts: {
    train: { '0': 1444, '1': 296, '2': 799, '3': 154, '4': 236 },
    val: { '0': 180, '1': 37, '2': 100, '3': 19, '4': 30 },
    test: { '0': 181, '1': 37, '2': 100, '3': 20, '4': 29 },
  },
};

function curves(epochs: number, finalAcc: number): EpochRecord[] {
  return Array.from({ length: epochs }, (_, i) => {
    const t = (i + 1) / epochs;
    return {
      epoch: i + 1,
      lr: 1e-3 * (1 - t / 2),
      train_loss: 1.6 - 1.1 * t,
      train_acc: 0.4 + (finalAcc + 0.05 - 0.4) * t,
      val_loss: 1.5 - 0.9 * t,
      val_acc: 0.45 + (finalAcc - 0.45) * t,
      epoch_time_s: 30 + i,
    };
  });
}

function run(variant: string, model: string, seed: number, acc: number, extra: Partial<RunRecord> = {}): RunRecord {
  return {
    model,
    variant,
    params: variant.includes('scaled') ? 12_345_678 : 3_210_987,
    image_size: 224,
    batch_size: 32,
    epochs: 4,
    seed,
    backend: 'tfjs-node-gpu',
    best_val_acc: acc,
    best_epoch: 4,
    test_acc: acc - 0.0123456789,
    peak_tensor_mb: 2048.5 + seed,
    peak_rss_mb: 6100.25 + seed,
    train_time_s: 3725.5 + seed * 10,
    images_per_s: 118.75 - seed,
    status: 'ok',
    run_id: `${variant}__s${seed}__a1b2c3`,
    hyperparameters: { lr: 1e-3, optimizer: 'adamw' },
    dataset,
    curves: curves(4, acc),
    started_at: `2025-06-0${seed}T10:00:00.000Z`,
    finished_at: `2025-06-0${seed}T11:02:05.500Z`,
    ...extra,
  };
}

export function fakeResults(): ExperimentResults {
  return {
    experiment: {
      name: 'dr-mamba-sweep',
      file: 'experiments/dr-mamba.yaml',
      spec: { variants: ['nnmamba3-scaled', 'vim-tiny'], seeds: [1, 2], note: '<!-- not a comment -->' },
    },
    environment: { node: 'v20.19.0', gpu: 'NVIDIA H100 80GB', cuda: 12.4, host: 'bench-01' },
    runs: [
      run('nnmamba3-scaled', 'nnmamba', 1, 0.8125),
      run('nnmamba3-scaled', 'nnmamba', 2, 0.8275),
      // Variant name with comma, quote and a script-breaking payload in the run name.
      run('vim-tiny, "v2"', 'vim', 1, 0.79, { run_id: `vim ${XSS}/s1` }),
      run('vim-tiny, "v2"', 'vim', 2, 0.8, { run_id: 'vim-tiny__s2__a1b2c3' }),
      run('vmamba-small', 'vmamba', 1, 0, {
        status: 'failed',
        error: 'CUDA out of memory: tried to allocate 1.50 GiB <b>not bold</b>',
        best_val_acc: null,
        best_epoch: null,
        test_acc: null,
        train_time_s: null,
        images_per_s: null,
        peak_tensor_mb: null,
        peak_rss_mb: 31000,
        curves: curves(1, 0.3),
        run_id: 'vmamba-small__s1__a1b2c3',
      }),
    ],
  };
}

/**
 * fakeResults plus one run for each other way a run ends: diverged (its best epoch before the
 * NaN kept and evaluated), out of memory (the wasm heap's abort), interrupted (stopped by a
 * signal, a checkpoint to continue from).
 */
export function fakeResultsWithEndedRuns(): ExperimentResults {
  const results = fakeResults();
  const noMetrics = { best_val_acc: null, best_epoch: null, test_acc: null, train_time_s: null, images_per_s: null, peak_tensor_mb: null };
  results.runs.push(
    run('nnmamba3-scaled', 'nnmamba', 3, 0.71, {
      status: 'diverged', stopped_at: { epoch: 3, step: 17 }, error: 'loss became NaN at epoch 3, step 17',
      best_epoch: 2, curves: curves(4, 0.71).slice(0, 2),
    }),
    run('vim-tiny, "v2"', 'vim', 3, 0, {
      ...noMetrics, status: 'oom', error: 'RuntimeError: Aborted(OOM). Build with -sASSERTIONS for more info.', curves: [],
    }),
    run('vmamba-small', 'vmamba', 2, 0.6, {
      ...noMetrics, status: 'interrupted', stopped_at: { epoch: 2, step: 5 }, best_val_acc: 0.6, best_epoch: 1, curves: curves(4, 0.6).slice(0, 1),
    }),
  );
  return results;
}
