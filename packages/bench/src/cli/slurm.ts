import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '@mambabench/durable';
import { expandRuns } from '../experiment/expand';
import { loadExperiment } from '../experiment/load';
import { arrayScript, reportScript, shellQuote, type SlurmJob } from '../sweep/slurm-script';
import { applyOverrides, checkModels, chosenBy, type SweepOptions } from '../sweep/sweep';
import { userPath, workspaceRoot } from '../workspace';
import { parseSetting } from '../experiment/settings';
import { argvOf, helpText, integerFlag, parseCommand, type ParsedArgs } from './args';
import { SLURM, SWEEP } from './commands';
import { sweepOptionsFromArgs } from './sweep-options';

/** The CLI entry this checkout runs (bin/mambabench.js), unless MAMBABENCH_CLI names another (the bundle). */
const CLI = process.env.MAMBABENCH_CLI || fileURLToPath(new URL('../../bin/mambabench.js', import.meta.url));

/**
 * `mambabench slurm`: expands the sweep the flags describe, writes the job array (one task per
 * run) and the report job into <out>/slurm/, and with --submit submits both.
 */
export async function slurm(argv: string[]): Promise<number> {
  const args = parseCommand(SLURM, argv);
  if (!args) return (console.log(helpText(SLURM)), 0);
  const options = sweepOptionsFromArgs(args);
  const experiment = applyOverrides(loadExperiment(options.experimentFile, options.settings, (l) => console.log(l)), options.overrides ?? {});
  // An unknown model would fail every task on the cluster; say so here, before anything is queued.
  await checkModels(experiment, options.experimentFile, options.overrides);
  const tasks = expandRuns(experiment, options.experimentFile).filter(chosenBy(options.overrides ?? {})).length;
  if (args['cpus-per-task'] !== undefined) integerFlag(args['cpus-per-task'] as string, 'cpus-per-task');
  const slurmDir = join(options.outDir, 'slurm');
  const job: SlurmJob = {
    name: args['job-name'] === SLURM.options['job-name'].default ? `mambabench-${experiment.name}` : (args['job-name'] as string),
    tasks,
    workdir: workspaceRoot(),
    node: process.execPath,
    cli: CLI,
    sweepArgs: taskSweepArgs(args, options),
    outDir: options.outDir,
    logDir: join(slurmDir, 'logs'),
    env: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('MAMBABENCH_') && e[1] !== undefined)),
    slurm: {
      partition: args.partition as string | undefined,
      time: args.time as string | undefined,
      gpus: args.gpus as string | undefined,
      cpusPerTask: args['cpus-per-task'] as string | undefined,
      mem: args.mem as string | undefined,
      account: args.account as string | undefined,
      // parseArgs takes no value that starts with '-' after a blank, so "qos=high" stands for --qos=high.
      extra: ((args.sbatch as string[] | undefined) ?? []).map((o) => (o.startsWith('-') ? o : `--${o}`)),
    },
  };
  const arrayPath = join(slurmDir, 'sweep.sbatch');
  const reportPath = join(slurmDir, 'report.sbatch');
  const arrayText = arrayScript(job);
  const reportText = reportScript(job);
  mkdirSync(job.logDir, { recursive: true });
  await writeFileAtomic(arrayPath, arrayText);
  await writeFileAtomic(reportPath, reportText);
  console.log(`mambabench slurm "${experiment.name}": ${tasks} run(s), one array task each`);
  console.log(`wrote ${arrayPath}\n      ${reportPath}\nlogs  ${job.logDir}`);
  if (!args.submit) {
    console.log(`\nSubmit the array, then the report job for when it has ended:\n  id=$(sbatch --parsable ${shellQuote(arrayPath)}) && sbatch --dependency=afterany:$id ${shellQuote(reportPath)}`);
    console.log(`or run the report yourself afterwards: ${shellQuote(process.execPath)} ${shellQuote(CLI)} report --out ${shellQuote(options.outDir)}`);
    return 0;
  }
  const arrayId = submit([arrayPath]);
  const reportId = submit([`--dependency=afterany:${arrayId}`, reportPath]);
  console.log(`\nsubmitted job array ${arrayId} (${tasks} task(s)) and report job ${reportId} (starts when the array has ended)`);
  console.log(`watch: squeue -j ${arrayId},${reportId}    report: ${join(options.outDir, 'index.html')}`);
  return 0;
}

/** The job id `sbatch --parsable` prints ("id" or "id;cluster"). */
function submit(args: string[]): string {
  const r = spawnSync('sbatch', ['--parsable', ...args], { encoding: 'utf8' });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new Error('sbatch is not on PATH (is this a Slurm login node?); the scripts are written: submit them without --submit as printed');
  if (r.error) throw r.error;
  const id = r.stdout.trim().split(';')[0];
  if (r.status !== 0 || !/^\d+$/.test(id)) throw new Error(`sbatch ${args.join(' ')} failed (exit ${r.status}): ${(r.stderr || r.stdout).trim()}`);
  return id;
}

/**
 * The sweep flags each array task gets: the ones given here, with the experiment, data and out
 * paths made absolute (tasks run in the workspace root, not in this shell's folder).
 */
function taskSweepArgs(args: ParsedArgs, options: SweepOptions): string[] {
  const forwarded = Object.fromEntries(Object.entries(SWEEP.options).filter(([name]) => name !== 'experiment' && name !== 'out' && name in SLURM.options));
  const out = ['--experiment', options.experimentFile, '--out', options.outDir,
    ...argvOf(forwarded, args, (name, value) => (name === 'data' && options.overrides?.data?.kind === 'folder' ? options.overrides.data.root : value))];
  // The key=value settings last, as given (a data folder made absolute, as --data is): each task
  // reads them exactly as this command did.
  const settings = (args._ ?? []).map((text) => (parseSetting(text).path === 'data.root' ? `data.root=${userPath(text.slice(text.indexOf('=') + 1))}` : text));
  return [...out, ...settings];
}
