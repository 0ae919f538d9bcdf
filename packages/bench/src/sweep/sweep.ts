import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { availableParallelism } from 'node:os';
import { defaultThreadCount, getModel, initBackend } from '@mambabench/core';
import { runEndedLine, sanitizeFileStem, writeReport, type ExperimentResults, type RunRecord } from '@mambabench/report';
import { loadExperiment } from '../experiment/load';
import { expandRuns } from '../experiment/expand';
import { ExperimentError } from '../experiment/validate';
import type { DataSpec, Experiment } from '../experiment/schema';
import { loadRunDataset } from '../run/dataset';
import { loadModelPackages } from '../discover';
import { describeEnvironment } from '../environment';
import { spawnRun } from './spawn-run';
import { stopOnSignals } from '../run/stop-signals';
import { trainRetryingOutOfMemory } from './oom-retry';
import { summaryTable } from './summary-table';
import { planRuns, planTable, storedRun } from './plan';

export interface SweepOptions {
  experimentFile: string;
  /** Report directory; default <workspace>/reports/<experiment name>. */
  outDir: string;
  /** Command-line overrides of the experiment file. */
  overrides?: { backend?: Experiment['backend']; epochs?: number; models?: string[]; seeds?: number[]; data?: DataSpec };
  /** Reuse finished runs of the same configuration; continue interrupted ones. */
  resume?: boolean;
  /** Runs trained at the same time, each in its own process (default 1). */
  jobs?: number;
  /** List every run, its configuration hash and what the store holds for it; train nothing. */
  dryRun?: boolean;
  log?: (line: string) => void;
}

export interface SweepResult {
  results: ExperimentResults;
  outDir: string;
  failed: number;
  /** Stopped by SIGINT / SIGTERM: runs not started are missing, stopped ones are 'interrupted'. */
  interrupted?: boolean;
}

/**
 * Expands the experiment and trains every run in its own process, rewriting the report after
 * each run, so a sweep that dies later keeps every finished run on disk.
 */
export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const log = options.log ?? ((l: string) => console.log(l));
  const file = options.experimentFile;
  const experiment = applyOverrides(loadExperiment(file), options.overrides ?? {});
  await loadModelPackages();
  experiment.models.forEach((m, i) => {
    try {
      getModel(m);
    } catch (error) {
      throw new ExperimentError(file, `models[${i}]`, (error as Error).message, m);
    }
  });
  const runs = expandRuns(experiment, file);
  // Resolve 'auto' once here so the report states the backend the runs actually use.
  // One thread: this process only resolves 'auto' and writes reports; the runs train.
  const backend = await initBackend(experiment.backend, { threads: 1 });
  const outDir = options.outDir;
  if (options.dryRun) {
    const plan = planRuns(runs.map((cfg) => ({ ...cfg, backend: backend.name as Experiment['backend'] })), outDir, !!options.resume);
    log(`mambabench sweep "${experiment.name}" --dry-run: backend ${backend.name}, store ${join(outDir, 'runs')}\n\n${planTable(plan)}`);
    return { results: { experiment: { name: experiment.name, file, spec: experiment }, environment: {}, runs: [] }, outDir, failed: 0 };
  }
  mkdirSync(join(outDir, 'runs'), { recursive: true });
  const results: ExperimentResults = {
    experiment: { name: experiment.name, file: relative(process.cwd(), file) || file, spec: experiment },
    environment: { ...describeEnvironment(backend.name), backend_detail: backend.detail },
    runs: [],
  };
  // Load the data once up front: layout errors stop the sweep before any training, the skipped-file
  // report is printed once, and the runs' processes find every image in the decode cache.
  const sizes = [...new Set(runs.map((r) => r.train.image_size))];
  for (const size of sizes) {
    const { dataset, report } = await loadRunDataset(experiment.data, size, (l) => log(`data: ${l}`));
    log(`data: ${dataset.name} at ${size}px, ${Object.values(dataset.splits).filter(Boolean).map((s) => `${s!.name} ${s!.count}`).join(', ')}, fingerprint ${dataset.fingerprint}`);
    for (const note of report?.notes ?? []) log(`data: ${note}`);
    for (const skip of report?.skipped ?? []) log(`data: skipped ${skip.path}: ${skip.reason}`);
    if (report) results.environment[`data_skipped_${size}px`] = report.skipped.length;
  }
  log(`mambabench sweep "${experiment.name}": ${runs.length} run(s) (${experiment.models.length} model(s) x ${runs.length / experiment.models.length / experiment.seeds.length} setting(s) x ${experiment.seeds.length} seed(s)), backend ${backend.name}, report in ${outDir}`);
  const jobs = Math.max(1, Math.min(options.jobs ?? experiment.jobs, runs.length));
  const threads = threadsPerRun(jobs);
  if (jobs > 1) log(`training ${jobs} runs at a time, ${threads} wasm thread(s) each: per-run times include contention for cores and memory bandwidth`);
  results.environment.jobs = jobs;
  results.environment.threads_per_run = threads;
  // SIGINT / SIGTERM: no new run starts, the running ones checkpoint after their step (run/stop-signals.ts).
  const stop = stopOnSignals({ what: 'stopping the sweep: running runs finish their current step and save a checkpoint; no new run starts', write: log });
  const done: (RunRecord | undefined)[] = new Array(runs.length);
  let next = 0;
  let writing = Promise.resolve();
  const worker = async () => {
    while (next < runs.length && !stop.signal.aborted) {
      const i = next++;
      const cfg = runs[i];
      const runCfg = { ...cfg, backend: backend.name as Experiment['backend'] };
      const runDir = join(outDir, 'runs', sanitizeFileStem(cfg.run_id));
      const kept = options.resume ? finishedRecord(runDir, runCfg) : null;
      if (kept) log(`run ${i + 1}/${runs.length} ${cfg.run_id}: finished earlier with this configuration; kept (--resume)`);
      // An out-of-memory run is retried at half the images per pass when the experiment asks (oom-retry.ts).
      const record = kept ?? await trainRetryingOutOfMemory(runCfg, experiment.oom_retry,
        (c, retry) => spawnRun(c, runDir, `run ${i + 1}/${runs.length}`, !retry && !!options.resume, threads, stop.signal),
        (line) => log(`run ${i + 1}/${runs.length} ${cfg.run_id}: ${line}`));
      done[i] = record;
      if (record.status !== 'ok') log(`run ${i + 1}/${runs.length} ${cfg.run_id} ended: ${runEndedLine(record)}`);
      // Reports list finished runs in sweep order; writes are serialised so files never interleave.
      results.runs = done.filter((r): r is RunRecord => r !== undefined);
      writing = writing.then(() => writeReport(outDir, { ...results, runs: [...results.runs] }).then(() => undefined));
      await writing;
    }
  };
  try {
    await Promise.all(Array.from({ length: jobs }, worker));
  } finally {
    stop.dispose();
  }
  const failed = results.runs.filter((r) => r.status !== 'ok' && r.status !== 'interrupted').length;
  log('\n' + summaryTable(results.runs));
  log(`\nReport: ${join(outDir, 'index.html')}\nTable:  ${join(outDir, 'results.csv')}`);
  return { results, outDir, failed, interrupted: stop.signal.aborted };
}

/** MAMBABENCH_THREADS when set, else the cores shared out among the parallel runs. */
function threadsPerRun(jobs: number): number {
  return process.env.MAMBABENCH_THREADS ? defaultThreadCount() : Math.max(1, Math.floor(availableParallelism() / jobs));
}

/** A finished record of exactly this configuration, for --resume. */
function finishedRecord(runDir: string, cfg: object): RunRecord | null {
  const stored = storedRun(runDir, cfg);
  return stored.kind === 'same-config' && stored.record?.status === 'ok' ? stored.record : null;
}

function applyOverrides(exp: Experiment, o: NonNullable<SweepOptions['overrides']>): Experiment {
  return {
    ...exp,
    backend: o.backend ?? exp.backend,
    epochs: o.epochs ?? exp.epochs,
    models: o.models ?? exp.models,
    seeds: o.seeds ?? exp.seeds,
    data: o.data ?? exp.data,
  };
}
