import { createHash } from 'node:crypto';
import { join } from 'node:path';
import {
  tf, AdamW, activationCheckpointing, ModelEma, StepMeter, cosineAnnealingLr, linearWarmupFactor, evaluate, getModel, activeScanKernelName, initBackend, trainStep, withInitSeed,
  resetPeakTensorBytes, peakTensorBytes, peakRssBytes, gpuMemoryBytes, MB, modelMacs, NonFiniteLossError, type EvalResult, type MeterReading,
} from '@mambabench/core';
import { Mixup, makeTransform, toFloatBatch, type Dataset } from '@mambabench/data';
import { Rng, hashSeed } from '@mambabench/random';
import type { EpochRecord, RunRecord } from '@mambabench/report';
import type { RunConfig } from '../experiment/expand';
import { loadRunDataset, classCounts } from './dataset';
import { batchIndices, evalBatches } from './batches';
import { modelBuildOptions } from './model-build-options';
import { ProgressReporter } from './progress';
import { RESUME_FORMAT, loadBest, loadLast, saveBest, saveLast, type ResumeState } from './resume-state';
import { restoreStreams, runRandomStreams, streamStates } from './random-streams';
import { injectOutOfMemory, throwInjectedFault } from './fault-injection';

export interface TrainRunContext {
  /** "run 1/4" style prefix for progress lines. */
  label: string;
  /** The run's folder: best/ and last/ checkpoints go here. */
  runDir: string;
  /** Continue from runDir/last when it holds a checkpoint of this configuration. */
  resume: boolean;
  log?: (line: string) => void;
  /**
   * Aborted on SIGINT / SIGTERM: the run finishes the step it is in, writes a checkpoint that
   * continues exactly from there, and returns a record with status 'interrupted'.
   */
  stop?: AbortSignal;
}

/**
 * Train steps between reads of their loss and accuracy. A read waits for the device to finish
 * what is queued (on webgpu the GPU then idles until the next step is queued), so reading every
 * step would stall it every step; the progress line, printed every few seconds, needs no more.
 * Slow steps are read sooner (StepMeter's maxWaitMs, 5 s: the progress reporter's interval), so
 * on CPU backends, where a read costs nothing, lines and the NaN check come as often as before.
 */
const READ_EVERY = 10;

export function configHash(cfg: RunConfig): string {
  return createHash('sha256').update(JSON.stringify(cfg)).digest('hex').slice(0, 16);
}

/**
 * Trains one run as the published script does (AdamW, per-epoch cosine schedule, cross-entropy,
 * shuffled drop_last batches, the chosen augmentation; EMA, mixup/cutmix and clipping when on),
 * evaluates valid every epoch, keeps the best-valid weights and evaluates test once with them.
 */
export async function trainRun(cfg: RunConfig, ctx: TrainRunContext): Promise<RunRecord> {
  const startedAt = new Date().toISOString();
  throwInjectedFault(cfg.run_id);
  const t = cfg.train;
  const progress = new ProgressReporter(`${ctx.label} ${cfg.run_id}`, ctx.log);
  const backend = await initBackend(cfg.backend);
  const spec = getModel(cfg.model);
  const { dataset, report: loadReport } = await loadRunDataset(cfg.data, t.image_size, (l) => progress.line(l));
  const numClasses = dataset.classNames.length;
  const model = withInitSeed(cfg.seed, () => spec.build(modelBuildOptions(t, numClasses)));
  const optimizer = new AdamW(model.parameters(), {
    lr: t.optimizer.lr, weightDecay: t.optimizer.weight_decay, betas: t.optimizer.betas, eps: t.optimizer.eps,
  });
  // The published blur acts on 224-px images: keep it the same relative to the image at other sizes.
  const transform = makeTransform(t.augment, hashSeed(cfg.seed, 0xa06), { blurSigmaScale: t.image_size / 224 });
  const mixup = t.mixup ? new Mixup({
    numClasses, seed: hashSeed(cfg.seed, 0x31f), mixupAlpha: t.mixup.mixup_alpha, cutmixAlpha: t.mixup.cutmix_alpha,
    prob: t.mixup.prob, switchProb: t.mixup.switch_prob, labelSmoothing: t.mixup.label_smoothing,
  }) : null;
  const ema = t.ema ? new ModelEma(model, t.ema.decay) : null;
  const cost = modelMacs(model, t.image_size);
  progress.line(`${spec.family} ${cfg.model}: ${model.numParams().toLocaleString('en-US')} params, ${(cost.macs / 1e9).toFixed(3)} GMACs/image, backend ${backend.name}, ` +
    `${dataset.splits.train.count} train / ${dataset.splits.valid.count} valid / ${dataset.splits.test?.count ?? 0} test images at ${t.image_size}px, augment: ${transform.steps.join(', ') || 'none'}`);
  if (backend.adapter) progress.line(`backend: ${backend.detail}`);
  for (const note of backend.notes) progress.line(`backend: ${note}`);
  if (t.amp) progress.line('amp: accepted but ignored; tfjs has no mixed precision, so this run trains in float32');
  const accumulate = t.grad_accum_steps ?? 1;
  if (accumulate > 1) progress.line(`gradient accumulation: each batch of ${t.batch_size} in ${accumulate} slices of ${t.batch_size / accumulate} images, one update per batch`);
  injectOutOfMemory(t.batch_size / accumulate);

  const shuffleRng = new Rng(hashSeed(cfg.seed, 0x5eed));
  const streams = runRandomStreams({ shuffle: shuffleRng, transform, mixup, model });
  const hash = cfg.store_key ?? configHash(cfg);
  const loaded = ctx.resume ? loadLast(ctx.runDir, model, optimizer, ema, hash) : null;
  if (loaded && !loaded.state && loaded.why !== 'no checkpoint') progress.line(`resume: starting over: ${loaded.why}`);
  const resumed = loaded?.state ?? null;
  if (resumed) restoreStreams(streams, resumed.random, join(ctx.runDir, 'last'));
  const state: ResumeState = resumed ?? {
    resume_format: RESUME_FORMAT, config_hash: hash, epochs_done: 0, curves: [], best: null,
    train_seconds: 0, step_seconds: 0, images_seen: 0, random: streamStates(streams), in_epoch: null,
  };
  const resumedAt = resumed ? { epoch: resumed.epochs_done, step: resumed.in_epoch?.steps_done ?? 0 } : null; // state moves on
  if (resumed) {
    progress.line(`resuming after epoch ${resumed.epochs_done}${resumed.in_epoch ? ` and ${resumed.in_epoch.steps_done} step(s) of epoch ${resumed.epochs_done + 1}` : ''}` +
      ` (best valid ${resumed.best ? pct(resumed.best.acc) : '-'})`);
  }
  let bestValid: EvalResult | null = null;
  const firstEpoch = state.epochs_done;
  const meter = new StepMeter({ readEvery: READ_EVERY });
  /** Why the loop stopped before the last epoch, and where. */
  let ended: { status: 'diverged' | 'interrupted'; at: { epoch: number; step: number }; error?: string } | null = null;
  const stopRequested = () => ctx.stop?.aborted ?? false;
  let stepsRun = 0;
  resetPeakTensorBytes();
  const runStart = performance.now();

  for (let epoch = state.epochs_done; epoch < t.epochs; epoch++) {
    // Set when this process continues an epoch that an earlier one stopped part-way through.
    const partial = epoch === firstEpoch ? state.in_epoch : null;
    const epochStart = performance.now() - (partial?.seconds ?? 0) * 1000;
    const epochLr = t.schedule.name === 'cosine' ? cosineAnnealingLr(t.optimizer.lr, epoch, t.schedule.t_max, t.schedule.eta_min) : t.optimizer.lr;
    optimizer.lr = epochLr;
    const shuffleAtEpochStart = shuffleRng.getState();
    const batches = batchIndices(shuffleRng.permutation(dataset.splits.train.count), t.batch_size, true, t.max_steps_per_epoch);
    // Warmup counts steps over the whole run (every epoch has the same number of batches).
    const warmupSteps = Math.round((t.schedule.warmup_epochs ?? 0) * batches.length);
    if (batches.length === 0) {
      throw new Error(`batch_size ${t.batch_size} is larger than the ${dataset.splits.train.count} training images (drop_last leaves no batch)`);
    }
    if (partial) meter.resume(`epoch ${epoch + 1}`, partial.meter); else meter.reset(`epoch ${epoch + 1}`);
    let train: MeterReading | null = null;
    const startStep = partial?.steps_done ?? 0;
    for (let i = startStep; i < batches.length; i++) {
      const s0 = performance.now();
      const idx = batches[i];
      if (warmupSteps > 0) optimizer.lr = epochLr * linearWarmupFactor(epoch * batches.length + i, warmupSteps);
      const step = tf.tidy(() => {
        const { x: raw, y } = toFloatBatch(dataset.splits.train, idx);
        const x = transform.train(raw);
        // Mixup's targets are built on the host from the labels, which are on the host already.
        const mixed = mixup?.apply(x, idx.map((j) => dataset.splits.train.labels[j]));
        return trainStep(model, optimizer, mixed?.x ?? x, y, mixed?.targets ?? y, t.clip_grad_norm ?? undefined, accumulate);
      });
      ema?.update();
      meter.add(step);
      stepsRun++;
      state.images_seen += step.count;
      // The first step of this process is read at once for the first progress line; after that
      // every READ_EVERY steps (or 5 s), at the end of the epoch, and before a checkpoint on a stop.
      const first = i === startStep && epoch === firstEpoch;
      const stopping = stopRequested();
      let read: MeterReading | null = null;
      try {
        read = first || meter.due || stopping || i === batches.length - 1 ? await meter.read() : null;
      } catch (error) {
        if (!(error instanceof NonFiniteLossError)) throw error;
        ended = { status: 'diverged', at: { epoch: epoch + 1, step: error.step }, error: error.message };
        break;
      }
      // On an asynchronous device a step's time is mostly spent in the read that waits for it.
      state.step_seconds += (performance.now() - s0) / 1000;
      if (read) {
        train = read;
        const perStep = (performance.now() - runStart) / 1000 / stepsRun; // includes evaluation time
        progress.step({
          epoch: epoch + 1, epochs: t.epochs, step: i + 1, steps: batches.length, loss: read.loss,
          imagesPerS: state.images_seen / state.step_seconds, etaS: perStep * ((t.epochs - epoch) * batches.length - i - 1),
        }, first);
      }
      if (stopping) {
        // The step is done and read: keep everything the rest of the epoch needs to continue.
        state.in_epoch = { steps_done: i + 1, meter: meter.totals(), seconds: (performance.now() - epochStart) / 1000 };
        state.random = { ...streamStates(streams), shuffle: shuffleAtEpochStart };
        await saveLast(ctx.runDir, model, optimizer, ema, state);
        ended = { status: 'interrupted', at: { epoch: epoch + 1, step: i + 1 } };
        break;
      }
    }
    if (ended) break;
    train ??= await meter.read(); // resumed after the epoch's last step: the totals as saved
    const evalValid = () => evaluate(model, evalBatches(dataset.splits.valid, t.eval_batch_size, t.max_steps_per_epoch, transform.normalization), numClasses);
    const valid = ema ? await ema.withEmaWeights(evalValid) : await evalValid();
    const epochTime = (performance.now() - epochStart) / 1000;
    state.train_seconds += epochTime;
    const record: EpochRecord = {
      epoch: epoch + 1, lr: optimizer.lr, train_loss: train.loss, train_acc: train.accuracy,
      val_loss: valid.loss, val_acc: valid.correct / valid.count, epoch_time_s: epochTime,
    };
    state.curves.push(record);
    const improved = !state.best || record.val_acc > state.best.acc;
    if (improved) {
      state.best = { acc: record.val_acc, epoch: epoch + 1 };
      bestValid = valid;
      const meta = { run_id: cfg.run_id, best_epoch: epoch + 1, val_acc: record.val_acc, ema: !!ema };
      if (ema) await ema.withEmaWeights(() => saveBest(ctx.runDir, model, meta)); else await saveBest(ctx.runDir, model, meta);
    }
    state.epochs_done = epoch + 1;
    state.in_epoch = null;
    state.random = streamStates(streams);
    await saveLast(ctx.runDir, model, optimizer, ema, state);
    progress.event({ type: 'epoch', epoch: epoch + 1, epochs: t.epochs, trainLoss: record.train_loss, validLoss: record.val_loss, validAcc: record.val_acc, best: improved });
    progress.line(`epoch ${epoch + 1}/${t.epochs} | lr ${optimizer.lr.toExponential(2)} | train loss ${record.train_loss.toFixed(4)} acc ${pct(record.train_acc)}` +
      ` | valid loss ${record.val_loss.toFixed(4)} acc ${pct(record.val_acc)}${improved ? ' (best)' : ''}${ema ? ' (EMA weights)' : ''} | ${epochTime.toFixed(1)}s`);
    // A stop that came during the evaluation: the checkpoint just written continues with the next epoch.
    if (stopRequested() && epoch + 1 < t.epochs) {
      ended = { status: 'interrupted', at: { epoch: epoch + 1, step: batches.length } };
      break;
    }
  }
  meter.dispose();
  if (ended?.status === 'diverged') progress.line(`diverged: ${ended.error}; stopping${state.best ? ` with the best epoch so far (${state.best.epoch})` : ''}`);
  if (ended?.status === 'interrupted') progress.line(`interrupted after epoch ${ended.at.epoch} step ${ended.at.step}: checkpoint saved in ${join(ctx.runDir, 'last')}`);

  // The final evaluation, with the best-valid weights (EMA weights when EMA is on); a diverged
  // run is evaluated at its best epoch before the divergence, an interrupted one not at all.
  const best = state.best;
  const evaluateBest = best !== null && ended?.status !== 'interrupted';
  if (evaluateBest) loadBest(ctx.runDir, model);
  const evalSplit = (name: 'valid' | 'test') =>
    evaluate(model, evalBatches(dataset.splits[name]!, t.eval_batch_size, t.max_steps_per_epoch, transform.normalization), numClasses);
  const validAtBest = evaluateBest ? bestValid ?? await evalSplit('valid') : null; // after a resume the best epoch may predate this process
  const test = evaluateBest && dataset.splits.test && dataset.splits.test.count > 0 ? await evalSplit('test') : null;
  const peakTensorMb = peakTensorBytes() / MB;
  // The webgpu buffer pool never shrinks: what it holds after the test evaluation is the run's peak.
  const gpuBytes = gpuMemoryBytes();
  const gpuMemoryMb = gpuBytes === null ? null : gpuBytes / MB;
  if (!ended) {
    progress.line(`done in ${((performance.now() - runStart) / 1000).toFixed(1)}s: best valid ${pct(best!.acc)} at epoch ${best!.epoch}` +
      (test ? `, test ${pct(test.correct / test.count)}` : ', no test split') + `, peak tensors ${peakTensorMb.toFixed(0)} MB` +
      (gpuMemoryMb === null ? '' : `, GPU memory ${gpuMemoryMb.toFixed(0)} MB`));
  }

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
    adapter: backend.adapter,
    best_val_acc: best?.acc ?? null,
    best_epoch: best?.epoch ?? null,
    test_acc: test ? test.correct / test.count : null,
    peak_tensor_mb: peakTensorMb,
    gpu_memory_mb: gpuMemoryMb,
    peak_rss_mb: peakRssBytes() / MB,
    train_time_s: state.train_seconds,
    images_per_s: state.step_seconds > 0 ? state.images_seen / state.step_seconds : null,
    status: ended?.status ?? 'ok',
    ...(ended ? { stopped_at: ended.at } : {}),
    ...(ended?.error ? { error: ended.error } : {}),
    macs: cost.macs,
    scan_flops: cost.scanFlops,
    hyperparameters: { ...t, overrides: cfg.overrides, backend_detail: backend.detail, threads: backend.threads, scan_kernel: activeScanKernelName(), activation_checkpointing: activationCheckpointing(), augment_steps: transform.steps, resumed_after_epoch: resumedAt?.epoch ?? 0, ...(resumedAt?.step ? { resumed_at_step: resumedAt.step } : {}) },
    dataset: {
      name: dataset.name, fingerprint: dataset.fingerprint, counts: classCounts(dataset),
      notes: loadReport?.notes ?? (dataset.splits.test ? [] : ['no test split']),
      skipped: loadReport?.skipped.map((f) => ({ path: f.path, reason: f.reason })) ?? [],
    },
    curves: state.curves,
    class_names: dataset.classNames,
    ...(validAtBest ? {
      predictions: {
        valid: predictionsOf(dataset, 'valid', validAtBest, numClasses),
        ...(test ? { test: predictionsOf(dataset, 'test', test, numClasses) } : {}),
      },
    } : {}),
    started_at: startedAt,
    finished_at: new Date().toISOString(),
  };
  ema?.dispose();
  optimizer.dispose();
  model.dispose();
  return record;
}

const pct = (v: number) => `${(100 * v).toFixed(2)}%`;

function predictionsOf(dataset: Dataset, split: 'valid' | 'test', result: EvalResult, k: number) {
  const labels = Array.from(dataset.splits[split]!.labels.subarray(0, result.count));
  const probs = labels.map((_, i) => Array.from(result.probabilities.subarray(i * k, (i + 1) * k), (p) => Math.round(p * 1e6) / 1e6));
  return { labels, probs };
}
