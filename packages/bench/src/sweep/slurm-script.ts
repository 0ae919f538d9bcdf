/**
 * The sbatch scripts of `mambabench slurm`: a job array whose task i runs shard i/N of the sweep
 * (N = the number of runs, so one run per task), and a report job for after the array. Pure text:
 * the command in cli/slurm.ts gathers the paths and flags, and submits.
 */

/** Slurm's own settings; each set one becomes an #SBATCH line. */
export interface SlurmSettings {
  partition?: string;
  time?: string;
  gpus?: string;
  cpusPerTask?: string;
  mem?: string;
  account?: string;
  /** Further #SBATCH options as written after "#SBATCH ", e.g. "--qos=high". */
  extra?: string[];
}

export interface SlurmJob {
  /** Job name of the array; the report job is `<name>-report`. */
  name: string;
  /** Array tasks: one per run of the sweep. */
  tasks: number;
  /** Where the commands run: the workspace root of this checkout. */
  workdir: string;
  /** Absolute paths of node and of the CLI entry (bin/mambabench.js), as this checkout runs it. */
  node: string;
  cli: string;
  /** `mambabench sweep` flags of every task, paths absolute, without --shard (the script adds it). */
  sweepArgs: string[];
  /** The sweep's output folder, which the report job rebuilds. */
  outDir: string;
  /** Where Slurm writes each task's stdout and stderr. */
  logDir: string;
  /** Environment every task needs (MAMBABENCH_* of the submitting shell), exported by the script. */
  env: Record<string, string>;
  slurm: SlurmSettings;
}

/** One word for bash, whatever it holds: single quotes, with ' written as '\''. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_./:=,+@%-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * One argument of an #SBATCH line. sbatch reads these lines itself (bash sees comments): it splits
 * on blanks, honours double quotes and backslash escapes, and ends the line at an unescaped '#'.
 */
export function sbatchQuote(value: string): string {
  if (/[\n\r]/.test(value)) throw new Error(`an #SBATCH value cannot hold a line break: ${JSON.stringify(value)}`);
  if (/^[A-Za-z0-9_./:=,+@%-]+$/.test(value)) return value;
  return `"${value.replace(/[\\"#]/g, (c) => `\\${c}`)}"`;
}

function header(job: SlurmJob, name: string, output: string, arrayLine: string | null, perTask: boolean): string[] {
  const s = job.slurm;
  const option = (flag: string, value: string | undefined) => (value === undefined ? [] : [`#SBATCH --${flag}=${sbatchQuote(value)}`]);
  return [
    `#SBATCH --job-name=${sbatchQuote(name)}`,
    ...(arrayLine ? [arrayLine] : []),
    `#SBATCH --output=${sbatchQuote(output)}`,
    ...option('partition', s.partition),
    ...option('account', s.account),
    ...option('time', s.time),
    // The report job only rebuilds files: it asks for no GPU and the default cores and memory.
    ...(perTask ? [...option('gpus', s.gpus), ...option('cpus-per-task', s.cpusPerTask), ...option('mem', s.mem)] : []),
    ...(s.extra ?? []).map((line) => {
      if (/[\n\r]/.test(line)) throw new Error(`--sbatch cannot hold a line break: ${JSON.stringify(line)}`);
      return `#SBATCH ${line}`;
    }),
  ];
}

function prologue(job: SlurmJob, threadsFromSlurm: boolean): string[] {
  const env = Object.entries(job.env).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`not an environment variable name: ${JSON.stringify(k)}`);
    return `export ${k}=${shellQuote(v)}`;
  });
  return [
    'set -euo pipefail',
    `cd ${shellQuote(job.workdir)}`,
    ...env,
    // Without CPU binding a task sees every core of the node; use the cores Slurm gave it.
    ...(threadsFromSlurm ? ['export MAMBABENCH_THREADS="${SLURM_CPUS_PER_TASK:-1}"'] : []),
  ];
}

/** The job array: task i runs `mambabench sweep <flags> --shard i/N`. */
export function arrayScript(job: SlurmJob): string {
  if (!Number.isInteger(job.tasks) || job.tasks < 1) throw new Error(`a job array needs at least one task, got ${job.tasks}`);
  const command = [job.node, job.cli, 'sweep', ...job.sweepArgs].map(shellQuote).join(' ');
  return [
    '#!/bin/bash',
    ...header(job, job.name, `${job.logDir}/%x_%A_%a.out`, `#SBATCH --array=1-${job.tasks}`, true),
    '# Written by `mambabench slurm`: one array task per run of the sweep (shard i of N holds run i).',
    ...prologue(job, job.slurm.cpusPerTask !== undefined && job.env.MAMBABENCH_THREADS === undefined),
    ': "${SLURM_ARRAY_TASK_ID:?submit this script with sbatch: it is a job array}"',
    `exec ${command} --shard "\${SLURM_ARRAY_TASK_ID}/${job.tasks}"`,
    '',
  ].join('\n');
}

/** The report job: rebuilds the report of the sweep's folder once the array has ended. */
export function reportScript(job: SlurmJob): string {
  const command = [job.node, job.cli, 'report', '--out', job.outDir].map(shellQuote).join(' ');
  return [
    '#!/bin/bash',
    ...header(job, `${job.name}-report`, `${job.logDir}/%x_%j.out`, null, false),
    '# Written by `mambabench slurm`: submit with --dependency=afterany:<array job id>.',
    ...prologue(job, false),
    `exec ${command}`,
    '',
  ].join('\n');
}
