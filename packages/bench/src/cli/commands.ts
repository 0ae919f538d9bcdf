import { BACKENDS } from '@mambabench/core';
import type { CommandSpec } from './args';
import { envFlags } from './env-flags';
import { NEW_VARIANT } from './new-variant';

export const SWEEP: CommandSpec = {
  name: 'sweep',
  summary: 'train and evaluate every run of an experiment (models x hyper-parameters x seeds) and write the report; finished runs are reused',
  usage: 'mambabench sweep [--experiment experiments/default.json] [--out reports/<name>] [options] [key=value ...]',
  positionals: {
    metavar: 'key=value[,value...]',
    description: 'Set a field of the experiment (optimizer.lr=3e-4, augment=none, ema.decay=0.999, seeds=1,2,3); several values sweep it (optimizer.lr=1e-3,3e-4 adds a grid axis). Checked like the file; the report records them',
  },
  options: {
    experiment: { type: 'string', metavar: 'file', description: 'Experiment file (JSON)', default: 'experiments/default.json' },
    out: { type: 'string', metavar: 'dir', description: 'Report directory', default: 'reports/<experiment name>' },
    backend: { type: 'string', metavar: 'name', description: `The backend, ${BACKENDS.join(' | ')} (the same as backend=<name>)` },
    epochs: { type: 'string', metavar: 'n', description: 'The number of epochs (the same as epochs=<n>); a cosine that completes within the file\'s epochs follows it' },
    models: { type: 'string', metavar: 'a,b', description: 'Train only these variants (comma-separated); the report keeps the experiment\'s other runs from the store' },
    seeds: { type: 'string', metavar: '1,2', description: 'Train only these seeds (comma-separated integers); the report keeps the others from the store' },
    jobs: { type: 'string', metavar: 'n', description: 'Runs trained at once, one process each (2 uses both cores of a 2-core machine)', default: 'the experiment\'s "jobs" (1)' },
    data: { type: 'string', metavar: 'dir', description: 'Train on this image folder (root/{train,valid[,test]}/<class>/*) instead of the experiment\'s data' },
    'valid-fraction': { type: 'string', metavar: 'f', description: 'With --data and no valid/ folder: carve this stratified fraction of train as valid' },
    force: { type: 'boolean', description: 'Retrain the chosen runs from scratch, even those the store holds finished' },
    'retry-failed': { type: 'boolean', description: 'Redo runs that ended failed, diverged or out of memory (by default they are kept as they ended)' },
    'fail-fast': { type: 'boolean', description: 'Start no further run after the first that does not finish' },
    'dry-run': { type: 'boolean', description: 'List every run with its key (its folder in the store) and what the sweep would do with it; train nothing' },
    resume: { type: 'boolean', hidden: true, description: 'The default now: finished runs are reused and interrupted ones continue' },
    shard: { type: 'string', metavar: 'i/n', description: 'Only shard i of n (1 <= i <= n): run k of the expansion (0-based) belongs to shard (k % n) + 1; for several workers on one directory (a lock per run keeps them apart)' },
    ...envFlags('threads', 'checkpoint', 'heap-pool', 'scan-kernel', 'webgpu-scan', 'stall-minutes'),
  },
};

/** sweep's flags that an array task receives from `slurm` (not its own shard, not a dry run). */
const { shard: _shard, 'dry-run': _dryRun, ...SWEEP_FOR_SLURM } = SWEEP.options;

export const SLURM: CommandSpec = {
  name: 'slurm',
  summary: 'write an sbatch job array that runs a sweep on a Slurm cluster (one array task per run) and a report job; --submit submits both',
  usage: 'mambabench slurm [sweep flags] [--partition gpu] [--time 04:00:00] [--gpus 1] [--sbatch qos=high] [--submit] [key=value ...]',
  positionals: SWEEP.positionals,
  options: {
    ...SWEEP_FOR_SLURM,
    partition: { type: 'string', metavar: 'name', description: 'Slurm partition (#SBATCH --partition)' },
    time: { type: 'string', metavar: 'limit', description: 'Time limit per array task, e.g. 04:00:00 (#SBATCH --time)' },
    gpus: { type: 'string', metavar: 'n', description: 'GPUs per array task (#SBATCH --gpus)' },
    'cpus-per-task': { type: 'string', metavar: 'n', description: 'Cores per array task (#SBATCH --cpus-per-task); each run then uses that many wasm threads' },
    mem: { type: 'string', metavar: 'size', description: 'Memory per array task, e.g. 16G (#SBATCH --mem)' },
    account: { type: 'string', metavar: 'name', description: 'Slurm account (#SBATCH --account)' },
    'job-name': { type: 'string', metavar: 'name', description: 'Job name; the report job adds -report', default: 'mambabench-<experiment name>' },
    sbatch: { type: 'string', multiple: true, metavar: 'option', description: 'Any other #SBATCH option: --sbatch qos=high (or --sbatch=--qos=high) writes #SBATCH --qos=high' },
    submit: { type: 'boolean', description: 'Submit the array with sbatch, then the report job with --dependency=afterany:<array id>' },
  },
};

export const RUN: CommandSpec = {
  name: 'run',
  summary: 'train one run from a run configuration (used by sweep, one process per run)',
  usage: 'mambabench run --config runs/<id>/config.json --record runs/<id>/record.json',
  options: {
    config: { type: 'string', metavar: 'file', description: 'Run configuration written by sweep' },
    record: { type: 'string', metavar: 'file', description: 'Where to write the run record (atomically)' },
    label: { type: 'string', metavar: 'text', description: 'Prefix for progress lines', default: 'run' },
    resume: { type: 'boolean', description: 'Continue from the last/ checkpoint next to the record when it matches this configuration' },
    ...envFlags('threads', 'checkpoint', 'heap-pool', 'scan-kernel', 'webgpu-scan'),
  },
};

export const MODELS: CommandSpec = {
  name: 'models',
  summary: 'list every registered model variant with its family, size and parameter count',
  usage: 'mambabench models [--json] [--image-size 64]',
  options: {
    json: { type: 'boolean', description: 'Print JSON instead of a table' },
    'image-size': { type: 'string', metavar: 'px', description: 'Input size the models are built for', default: '64' },
  },
};

export const PERF: CommandSpec = {
  name: 'perf',
  summary: 'time a train step and an inference step per model (median of N after warm-up) and print images/s, GFLOP/s, memory',
  usage: 'mambabench perf [--models nnmamba3-scaled,nnmamba4-scaled|all] [--image-size 64] [--batch 32] [--steps 5] [--threads 2] [--compare cpu] [--peer ../shared/peer/pytorch]',
  options: {
    models: { type: 'string', metavar: 'a,b|all', description: 'Variants to time', default: 'nnmamba3-scaled' },
    'image-size': { type: 'string', metavar: 'px', description: 'Input size', default: '64' },
    batch: { type: 'string', metavar: 'n', description: 'Batch size', default: '32' },
    steps: { type: 'string', metavar: 'n', description: 'Timed steps (the median is reported)', default: '5' },
    warmup: { type: 'string', metavar: 'n', description: 'Untimed steps first', default: '2' },
    backend: { type: 'string', metavar: 'name', description: BACKENDS.join(' | '), default: 'auto' },
    compare: { type: 'string', metavar: 'name', description: 'A second backend timed in the same process; prints the ratio' },
    ...envFlags('threads', 'checkpoint', 'heap-pool', 'scan-kernel', 'webgpu-scan', 'stall-minutes'),
    profile: { type: 'boolean', description: 'List the kernels that take the most time' },
    peer: { type: 'string', metavar: 'dir', description: 'Also time the PyTorch peer (its bench.py) right after each model it implements, and print the ratio' },
    json: { type: 'boolean', description: 'Print the results as JSON on stdout (progress goes to stderr)' },
    'in-process': { type: 'boolean', hidden: true, description: 'Measure in this process instead of one child process per model (used by perf itself)' },
    'result-file': { type: 'string', hidden: true, metavar: 'file', description: 'Where an --in-process child writes its results (used by perf itself)' },
  },
};

export const REPORT: CommandSpec = {
  name: 'report',
  summary: 'rebuild every report at or below a folder from its run store (or its results.json), without retraining',
  usage: 'mambabench report [--out reports/<name>]',
  options: {
    out: { type: 'string', metavar: 'dir', description: 'A sweep\'s --out folder, or a folder above several (as for runs)', default: 'reports' },
    runs: { type: 'string', metavar: 'dir', hidden: true, description: 'The old name of --out' },
  },
};

export const COMPARE: CommandSpec = {
  name: 'compare',
  summary: 'put the runs of several experiments (their report folders) in one report; each experiment\'s runs stay apart',
  usage: 'mambabench compare reports/<a> reports/<b> [...] --out reports/<a>-vs-<b>',
  positionals: { metavar: '<report dir>...', description: 'Two or more sweeps\' --out folders (each with results.json and its run store)' },
  options: {
    out: { type: 'string', metavar: 'dir', description: 'Folder for the combined report (required; not one of the inputs)' },
  },
};

export const RUNS: CommandSpec = {
  name: 'runs',
  summary: 'list what run stores hold: every run with its variant, seed, status, epochs, best valid, test, time and key',
  usage: 'mambabench runs [--out reports/<name>] [--json]',
  options: {
    out: { type: 'string', metavar: 'dir', description: 'A sweep\'s --out folder, or a folder above several', default: 'reports' },
    json: { type: 'boolean', description: 'Print JSON instead of a table' },
  },
};

export const SAMPLES: CommandSpec = {
  name: 'samples',
  summary: 'write a 4x4 grid of random training images with their class names (the published visualize_samples)',
  usage: 'mambabench samples --data /path/to/retino_data [--out samples.png] [--image-size 224]',
  options: {
    data: { type: 'string', metavar: 'dir', description: 'Image folder root (root/{train,valid[,test]}/<class>/*)' },
    out: { type: 'string', metavar: 'file', description: 'PNG to write', default: 'samples.png' },
    split: { type: 'string', metavar: 'name', description: 'train | valid | test', default: 'train' },
    'image-size': { type: 'string', metavar: 'px', description: 'Size each image is shown at (as everywhere, 64: the default experiment\'s size)', default: '64' },
    seed: { type: 'string', metavar: 'n', description: 'Which images are picked', default: '0' },
    'valid-fraction': { type: 'string', metavar: 'f', description: 'For trees without valid/: as in sweep' },
  },
};

export const COMMANDS = [SWEEP, SLURM, RUN, RUNS, MODELS, PERF, REPORT, COMPARE, SAMPLES, NEW_VARIANT];
