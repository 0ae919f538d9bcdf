import {
  tf, AdamW, Rng, hashSeed, cosineAnnealingLr, evaluate, getModel, initBackend, trainStep, withInitSeed,
  resetPeakTensorBytes, peakTensorBytes, peakRssBytes, MB, saveCheckpoint, modelMacs, type Module, type EvalResult,
} from '@mambabench/core';
import { toBatchTensor, type Dataset } from '@mambabench/data';
import type { EpochRecord, RunRecord } from '@mambabench/report';
import type { RunConfig } from '../experiment/expand';
import { loadRunDataset, classCounts } from './dataset';
import { batchIndices, evalBatches } from './batches';
import { ProgressReporter } from './progress';

export interface TrainRunContext {
  /** "run 1/4" style prefix for progress lines. */
  label: string;
  /** Where the best weights are saved (skipped when null). */
  checkpointDir: string | null;
  log?: (line: string) => void;
}

/**
 * Trains one run as the published script does (AdamW, per-epoch cosine schedule, cross-entropy,
 * shuffled drop_last batches), evaluates valid every epoch, keeps the best-valid weights and
 * evaluates test once with them. Returns the complete run record.
 */
export async function trainRun(cfg: RunConfig, ctx: TrainRunContext): Promise<RunRecord> {
  const startedAt = new Date().toISOString();
  const t = cfg.train;
  const progress = new ProgressReporter(`${ctx.label} ${cfg.run_id}`, ctx.log);
  const backend = await initBackend(cfg.backend);
  const spec = getModel(cfg.model);
  const dataset = loadRunDataset(cfg.data, t.image_size);
  const numClasses = dataset.classNames.length;
  const model = withInitSeed(cfg.seed, () => spec.build({ numClasses, imageSize: t.image_size, inChannels: 3 }));
  const optimizer = new AdamW(model.parameters(), {
    lr: t.optimizer.lr, weightDecay: t.optimizer.weight_decay, betas: t.optimizer.betas, eps: t.optimizer.eps,
  });
  const cost = modelMacs(model, t.image_size);
  progress.line(`${spec.family} ${cfg.model}: ${model.numParams().toLocaleString('en-US')} params, ${(cost.macs / 1e9).toFixed(3)} GMACs/image, backend ${backend.name}, ` +
    `${dataset.splits.train.count} train / ${dataset.splits.valid.count} valid / ${dataset.splits.test?.count ?? 0} test images at ${t.image_size}px`);

  const shuffleRng = new Rng(hashSeed(cfg.seed, 0x5eed));
  const curves: EpochRecord[] = [];
  let best: { acc: number; epoch: number; weights: Map<string, tf.Tensor>; valid: EvalResult } | null = null;
  let trainSeconds = 0;
  let stepSeconds = 0;
  let imagesSeen = 0;
  resetPeakTensorBytes();
  const runStart = performance.now();

  for (let epoch = 0; epoch < t.epochs; epoch++) {
    const epochStart = performance.now();
    optimizer.lr = t.schedule.name === 'cosine' ? cosineAnnealingLr(t.optimizer.lr, epoch, t.schedule.t_max, t.schedule.eta_min) : t.optimizer.lr;
    const batches = batchIndices(shuffleRng.permutation(dataset.splits.train.count), t.batch_size, true, t.max_steps_per_epoch);
    if (batches.length === 0) {
      throw new Error(`batch_size ${t.batch_size} is larger than the ${dataset.splits.train.count} training images (drop_last leaves no batch)`);
    }
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    batches.forEach((idx, i) => {
      const s0 = performance.now();
      const { x, y } = toBatchTensor(dataset.splits.train, idx, dataset.normalization);
      const r = trainStep(model, optimizer, x, y);
      tf.dispose([x, y]);
      if (!Number.isFinite(r.loss)) throw new Error(`loss became ${r.loss} at epoch ${epoch + 1}, step ${i + 1}`);
      stepSeconds += (performance.now() - s0) / 1000;
      imagesSeen += r.count;
      lossSum += r.loss * r.count;
      correct += r.correct;
      seen += r.count;
      const perStep = stepSeconds / (epoch * batches.length + i + 1);
      progress.step({
        epoch: epoch + 1, epochs: t.epochs, step: i + 1, steps: batches.length, loss: lossSum / seen,
        imagesPerS: imagesSeen / stepSeconds, etaS: perStep * ((t.epochs - epoch) * batches.length - i - 1) * 1.15,
      }, i === 0 && epoch === 0);
    });
    const valid = evaluate(model, evalBatches(dataset, dataset.splits.valid, t.eval_batch_size, t.max_steps_per_epoch), numClasses);
    const epochTime = (performance.now() - epochStart) / 1000;
    trainSeconds += epochTime;
    const record: EpochRecord = {
      epoch: epoch + 1, lr: optimizer.lr, train_loss: lossSum / seen, train_acc: correct / seen,
      val_loss: valid.loss, val_acc: valid.correct / valid.count, epoch_time_s: epochTime,
    };
    curves.push(record);
    const improved = !best || record.val_acc > best.acc;
    if (improved) {
      if (best) tf.dispose([...best.weights.values()]);
      best = { acc: record.val_acc, epoch: epoch + 1, weights: snapshot(model), valid };
    }
    progress.line(`epoch ${epoch + 1}/${t.epochs} | lr ${optimizer.lr.toExponential(2)} | train loss ${record.train_loss.toFixed(4)} acc ${pct(record.train_acc)}` +
      ` | valid loss ${record.val_loss.toFixed(4)} acc ${pct(record.val_acc)}${improved ? ' (best)' : ''} | ${epochTime.toFixed(1)}s`);
  }

  restore(model, best!.weights);
  tf.dispose([...best!.weights.values()]);
  const test = dataset.splits.test && dataset.splits.test.count > 0
    ? evaluate(model, evalBatches(dataset, dataset.splits.test, t.eval_batch_size, t.max_steps_per_epoch), numClasses)
    : null;
  if (ctx.checkpointDir) saveCheckpoint(ctx.checkpointDir, model, undefined, { run_id: cfg.run_id, best_epoch: best!.epoch });
  const peakTensorMb = peakTensorBytes() / MB;
  progress.line(`done in ${((performance.now() - runStart) / 1000).toFixed(1)}s: best valid ${pct(best!.acc)} at epoch ${best!.epoch}` +
    (test ? `, test ${pct(test.correct / test.count)}` : ', no test split') + `, peak tensors ${peakTensorMb.toFixed(0)} MB`);

  const record: RunRecord = {
    run_id: cfg.run_id,
    model: spec.family,
    variant: cfg.model,
    params: model.numParams(),
    image_size: t.image_size,
    batch_size: t.batch_size,
    epochs: t.epochs,
    seed: cfg.seed,
    backend: backend.name,
    best_val_acc: best!.acc,
    best_epoch: best!.epoch,
    test_acc: test ? test.correct / test.count : null,
    peak_tensor_mb: peakTensorMb,
    peak_rss_mb: peakRssBytes() / MB,
    train_time_s: trainSeconds,
    images_per_s: imagesSeen / stepSeconds,
    status: 'ok',
    macs: cost.macs,
    scan_flops: cost.scanFlops,
    hyperparameters: { ...t, overrides: cfg.overrides, backend_detail: backend.detail },
    dataset: { name: dataset.name, fingerprint: dataset.fingerprint, counts: classCounts(dataset) },
    curves,
    class_names: dataset.classNames,
    predictions: {
      valid: predictionsOf(dataset, 'valid', best!.valid, numClasses),
      ...(test ? { test: predictionsOf(dataset, 'test', test, numClasses) } : {}),
    },
    started_at: startedAt,
    finished_at: new Date().toISOString(),
  };
  optimizer.dispose();
  model.dispose();
  return record;
}

const pct = (v: number) => `${(100 * v).toFixed(2)}%`;

function snapshot(model: Module): Map<string, tf.Tensor> {
  return new Map([...model.stateDict()].map(([n, v]) => [n, tf.clone(v)]));
}

function restore(model: Module, weights: Map<string, tf.Tensor>) {
  for (const [n, v] of model.stateDict()) v.assign(weights.get(n)!);
}

function predictionsOf(dataset: Dataset, split: 'valid' | 'test', result: EvalResult, k: number) {
  const labels = Array.from(dataset.splits[split]!.labels.subarray(0, result.count));
  const probs = labels.map((_, i) => Array.from(result.probabilities.subarray(i * k, (i + 1) * k), (p) => Math.round(p * 1e6) / 1e6));
  return { labels, probs };
}
