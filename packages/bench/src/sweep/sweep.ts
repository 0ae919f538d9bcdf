import { existsSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { availableParallelism } from 'node:os';
import { defaultThreadCount, getModel, initBackend } from '@mambabench/core';
import { describeHolder, withRunLock } from '@mambabench/durable';
import { runEndedLine, writeReport, type ExperimentResults } from '@mambabench/report';
import { loadExperiment } from '../experiment/load';
import type { Setting } from '../experiment/settings';
import { expandRuns, type RunConfig } from '../experiment/expand';
import { ExperimentError } from '../experiment/validate';
import type { DataSpec, Experiment } from '../experiment/schema';
import { loadRunDataset } from '../run/dataset';
import { loadModelPackages } from '../discover';
import { describeEnvironment } from '../environment';
import { runKey } from '../store/run-key';
import { clearRun, readStoredRun } from '../store/run-store';
import { runAction, type StorePolicy } from '../store/run-action';
import { adoptLegacyRun, legacyRunDir } from '../store/adopt-legacy';
import { storeRecords } from '../store/store-records';
import { spawnRun } from './spawn-run';
import { summaryTable } from './summary-table';
import { planTable } from './plan';
import { stopOnSignals } from '../run/stop-signals';
import { trainRetryingOutOfMemory } from './oom-retry';
import { preflight } from './preflight';
import { InputError } from '../input-error';
import { shardRuns, type Shard } from './shard';
import { outDirProblem } from './out-dir';
import { SweepProgress, autoMode } from './progress-view';
import { stepsPerEpoch } from '../run/batches';

export interface SweepOptions extends StorePolicy {
  experimentFile: string;
  /** Report directory; the run store is its runs/ folder. Default <workspace>/reports/<experiment name>. */
  outDir: string;
  /**
   * Command-line overrides of the experiment file. models and seeds choose what trains now; the
   * report still shows every run of the experiment the store holds (the file's models and seeds
   * and these).
   */
  overrides?: { models?: string[]; seeds?: number[]; data?: DataSpec };
  /** Command-line settings (`optimizer.lr=1e-3,3e-4`, `epochs=5`; experiment/settings.ts) applied to the file. */
  settings?: Setting[];
  /** Runs trained at the same time, each in its own process (default 1). */
  jobs?: number;
  /** Stop starting runs after the first that does not finish (--fail-fast). */
  failFast?: boolean;
  /** List every run, its key and what the store holds for it; train nothing. */
  dryRun?: boolean;
  /** Only this worker's share of the chosen runs (`--shard i/n`, see shard.ts). */
  shard?: Shard;
  log?: (line: string) => void;
}

export interface SweepResult {
  results: ExperimentResults;
  outDir: string;
  /** Runs of this invocation that ended without finishing (failed, diverged, out of memory). */
  failed: number;
  /** Stopped by SIGINT / SIGTERM: the same command continues. */
  interrupted: boolean;
  /** Why the last report write failed (e.g. a full disk); null when it was written. */
  reportError: string | null;
}

/** One run of the sweep with its place in the store. */
interface StoreRun { cfg: RunConfig; key: string; dir: string; train: boolean }

/**
 * Expands the experiment and trains every selected run in its own process, keeping each in the
 * run store under the hash of its configuration: a finished run is reused ("cached"), an
 * interrupted one continues. The report is rebuilt from the store after each run, so it shows
 * every run of the experiment, old and new, and a sweep that dies keeps every finished run.
 */
export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  // Live progress (progress-view.ts): its log prints above the live block in a terminal.
  const progress = new SweepProgress({ mode: autoMode(process.stdout, process.env, !!options.log), log: options.log ?? ((l: string) => console.log(l)) });
  const log = progress.log;
  const file = options.experimentFile;
  const overrides = options.overrides ?? {};
  const experiment = applyOverrides(loadExperiment(file, options.settings, log), overrides);
  await checkModels(experiment, file, overrides);
  const chosen = chosenBy(overrides);
  // Resolve 'auto' once here so the store keys and the report state the backend the runs actually use.
  // One thread: this process only resolves 'auto' and writes reports; the runs train.
  const backend = await initBackend(experiment.backend, { threads: 1 });
  const runsDir = join(options.outDir, 'runs');
  // Load the data once up front: its fingerprint is part of every run's key, layout errors stop the
  // sweep before any training, and the runs' processes find every image in the decode cache.
  const fingerprints = new Map<number, string>();
  const trainImages = new Map<number, number>();
  let numClasses = 2;
  const expanded = expandRuns(experiment, file);
  for (const size of new Set(expanded.map((r) => r.train.image_size))) {
    const { dataset, report } = await loadRunDataset(experiment.data, size, (l) => log(`data: ${l}`)).catch((error: Error) => {
      throw new InputError(`data: ${error.message}`); // a missing folder, no classes, an empty class, ...
    });
    fingerprints.set(size, dataset.fingerprint);
    trainImages.set(size, dataset.splits.train.count);
    numClasses = dataset.classNames.length;
    if (options.dryRun) continue;
    log(`data: ${dataset.name} at ${size}px, ${Object.values(dataset.splits).filter(Boolean).map((s) => `${s!.name} ${s!.count}`).join(', ')}, fingerprint ${dataset.fingerprint}`);
    for (const note of report?.notes ?? []) log(`data: ${note}`);
    for (const skip of report?.skipped ?? []) log(`data: skipped ${skip.path}: ${skip.reason}`);
  }
  const all: StoreRun[] = expanded.map((run) => {
    const cfg = { ...run, backend: backend.name as Experiment['backend'] };
    const key = runKey(cfg, fingerprints.get(cfg.train.image_size)!);
    return { cfg: { ...cfg, store_key: key }, key, dir: join(runsDir, key), train: chosen(cfg) };
  });
  const selected = shardRuns(all.filter((r) => r.train), options.shard);
  // A run the store holds finished (or kept as it ended) trains nothing, so its model need not be
  // built: a rerun that only reuses runs (a report refresh, a dry run, a Slurm task whose run is
  // done) starts at once. What the lock later finds decides; this only skips needless checks.
  const mayTrain = selected.filter((r) => !['cached', 'kept'].includes(runAction(readStoredRun(r.dir, { checkpoint: false }), options).action));
  preflight(mayTrain.map((r) => r.cfg), file, (size) => trainImages.get(size)!, numClasses);

  if (options.dryRun) {
    const plan = selected.map((r) => {
      const legacy = existsSync(r.dir) ? null : legacyRunDir(runsDir, r.cfg, r.key);
      const action = runAction(readStoredRun(legacy ?? r.dir), options);
      return { runId: r.cfg.run_id, key: r.key, ...action, why: legacy ? `${action.why} (in runs/${basename(legacy)}, moved to its key first)` : action.why };
    });
    log(`mambabench sweep "${experiment.name}" --dry-run: backend ${backend.name}, store ${runsDir}\n\n${planTable(plan)}`);
    return { results: { experiment: { name: experiment.name, file, spec: experiment }, environment: {}, runs: [] }, outDir: options.outDir, failed: 0, interrupted: false, reportError: null };
  }
  const writable = outDirProblem(options.outDir);
  if (writable) throw new InputError(writable);
  for (const r of all) {
    try {
      if (adoptLegacyRun(runsDir, r.cfg, r.key)) log(`store: ${r.cfg.run_id} moved from runs/${r.cfg.run_id} to runs/${r.key} (its configuration's key)`);
    } catch {
      // another worker on this store moved it first
    }
  }
  const results: ExperimentResults = {
    experiment: { name: experiment.name, file: relative(process.cwd(), file) || file, spec: experiment, ...(options.settings?.length ? { settings: options.settings.map((s) => s.text) } : {}) },
    environment: { ...describeEnvironment(backend.name), backend_detail: backend.detail },
    runs: [],
    store: { keys: all.map((r) => ({ run_id: r.cfg.run_id, key: r.key })) },
  };
  for (const [size] of fingerprints) results.environment[`data_fingerprint_${size}px`] = fingerprints.get(size)!;
  const settings = selected.length / Math.max(1, new Set(selected.map((r) => r.cfg.model)).size) / Math.max(1, new Set(selected.map((r) => r.cfg.seed)).size);
  const share = options.shard ? `, shard ${options.shard.index}/${options.shard.count}` : '';
  log(`mambabench sweep "${experiment.name}": ${selected.length} run(s) (${new Set(selected.map((r) => r.cfg.model)).size} model(s) x ${settings} setting(s) x ${new Set(selected.map((r) => r.cfg.seed)).size} seed(s)) of the experiment's ${all.length}${share}, backend ${backend.name}, store ${runsDir}`);
  const jobs = Math.max(1, Math.min(options.jobs ?? experiment.jobs, selected.length));
  const threads = threadsPerRun(jobs);
  if (jobs > 1) log(`training ${jobs} runs at a time, ${threads} wasm thread(s) each: per-run times include contention for cores and memory bandwidth`);
  results.environment.jobs = jobs;
  results.environment.threads_per_run = threads;
  progress.start(selected.map((r, i) => ({
    label: `run ${i + 1}/${selected.length}`, runId: r.cfg.run_id,
    steps: r.cfg.train.epochs * stepsPerEpoch(trainImages.get(r.cfg.train.image_size)!, r.cfg.train.batch_size, r.cfg.train.max_steps_per_epoch),
  })), jobs);

  // SIGINT / SIGTERM: no new run starts, the running ones checkpoint after their step (run/stop-signals.ts).
  const stop = stopOnSignals({ what: 'stopping the sweep: running runs finish their current step and save a checkpoint; no new run starts', write: log });
  const counts = { cached: 0, trained: 0, failed: 0, kept: 0, interrupted: 0 };
  let failedFast = false;
  let next = 0;
  let writing = Promise.resolve();
  let reportError: string | null = null;
  const rewriteReport = () => {
    writing = writing.then(async () => {
      results.runs = storeRecords(all.map((r) => r.dir));
      try {
        await writeReport(options.outDir, { ...results, runs: [...results.runs] });
      } catch (error) {
        // A full disk must not stop the sweep: every file is replaced atomically, so the last
        // complete report stays, and the runs are in the store for the next report.
        reportError = (error as Error).message;
        log(`report not written: ${reportError}; the last complete report is kept`);
      }
    });
    return writing;
  };
  const worker = async () => {
    while (next < selected.length && !failedFast && !stop.signal.aborted) {
      const i = next++;
      const run = selected[i];
      const label = `run ${i + 1}/${selected.length}`;
      // The run's lock (durable/run-lock.ts) keeps other workers on a shared store off it; what
      // the store holds is read under the lock, so a run another worker just finished is cached.
      const locked = await withRunLock(run.dir, async () => {
        const decision = runAction(readStoredRun(run.dir), options);
        if (decision.action === 'cached' || decision.action === 'kept') {
          counts[decision.action] += 1;
          if (decision.action === 'kept') counts.failed += 1;
          progress.runSkipped(label, decision.action);
          log(`${label} ${run.cfg.run_id}: ${decision.action} (${decision.why}), runs/${run.key}`);
          return null;
        }
        if (decision.clear) clearRun(run.dir);
        if (decision.why !== 'not in the store') log(`${label} ${run.cfg.run_id}: ${decision.why}`);
        // An out-of-memory run is retried at half the images per pass when the experiment asks (oom-retry.ts).
        return trainRetryingOutOfMemory(run.cfg, experiment.oom_retry,
          (cfg, retry) => spawnRun(cfg, run.dir, { label, threads, stop: stop.signal, fresh: retry, output: progress.runStarted(label, run.cfg.run_id) }),
          (line) => log(`${label} ${run.cfg.run_id}: ${line}`));
      }, { onTrouble: (m) => log(`${label} ${run.cfg.run_id}: ${m}`) });
      if (!locked.ran) {
        log(`${label} ${run.cfg.run_id}: being trained by ${describeHolder(locked.holder)}, skipped`);
        progress.runSkipped(label, 'elsewhere');
        continue;
      }
      const record = locked.value;
      if (!record) continue;
      const status: string = record.status;
      progress.runEnded(label, status);
      counts[status === 'interrupted' ? 'interrupted' : 'trained'] += 1;
      if (status !== 'ok' && status !== 'interrupted') {
        counts.failed += 1;
        log(`${label} ${run.cfg.run_id} ended: ${runEndedLine(record)}`);
        if (options.failFast) {
          failedFast = true;
          log('--fail-fast: no further runs are started');
        }
      }
      await rewriteReport();
    }
  };
  try {
    await Promise.all(Array.from({ length: jobs }, worker));
  } finally {
    stop.dispose();
    progress.close();
  }
  await rewriteReport();
  const missing = all.length - results.runs.length;
  log('\n' + summaryTable(results.runs));
  log(`\n${counts.trained} run(s) trained, ${counts.cached} cached, ${counts.kept} kept as they ended${counts.interrupted ? `, ${counts.interrupted} interrupted` : ''}${missing ? `; ${missing} run(s) of the experiment are not in the store yet` : ''}`);
  log(`Report: ${join(options.outDir, 'index.html')}\nTable:  ${join(options.outDir, 'results.csv')}`);
  return { results, outDir: options.outDir, failed: counts.failed, interrupted: stop.signal.aborted, reportError };
}

/** MAMBABENCH_THREADS when set, else the cores shared out among the parallel runs. */
function threadsPerRun(jobs: number): number {
  return process.env.MAMBABENCH_THREADS ? defaultThreadCount() : Math.max(1, Math.floor(availableParallelism() / jobs));
}

/** The experiment with --models and --seeds added to its lists (they also choose what trains now, see chosenBy) and --data. */
export function applyOverrides(exp: Experiment, o: NonNullable<SweepOptions['overrides']>): Experiment {
  const union = <T>(a: T[], b: T[] | undefined) => [...new Set([...a, ...(b ?? [])])];
  return { ...exp, models: union(exp.models, o.models), seeds: union(exp.seeds, o.seeds), data: o.data ?? exp.data };
}

/** The runs a command line asks to train now: --models and --seeds narrow the experiment's. */
export function chosenBy(o: NonNullable<SweepOptions['overrides']>): (run: RunConfig) => boolean {
  return (run) => (!o.models || o.models.includes(run.model)) && (!o.seeds || o.seeds.includes(run.seed));
}

/** Every model name of the experiment is registered; an unknown one is an error naming where it came from. */
export async function checkModels(experiment: Experiment, file: string, o: NonNullable<SweepOptions['overrides']> = {}): Promise<void> {
  await loadModelPackages();
  experiment.models.forEach((m, i) => {
    try {
      getModel(m);
    } catch (error) {
      throw new ExperimentError(file, o.models?.includes(m) ? '--models' : `models[${i}]`, (error as Error).message, m);
    }
  });
}
