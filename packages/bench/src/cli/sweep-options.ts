import { join } from 'node:path';
import { InputError } from '../input-error';
import { loadExperiment } from '../experiment/load';
import { parseShard } from '../sweep/shard';
import type { SweepOptions } from '../sweep/sweep';
import { userPath, workspaceRoot } from '../workspace';
import { parseSetting, type Setting } from '../experiment/settings';
import { integerFlag, type ParsedArgs } from './args';
import { SWEEP } from './commands';

export function fraction(value: string | undefined): number | null {
  if (value === undefined) return null;
  const f = Number(value);
  if (!(f > 0 && f < 1)) throw new InputError(`--valid-fraction must be a number between 0 and 1, got "${value}"`);
  return f;
}

/**
 * The sweep a command line asks for, paths resolved: what `sweep` runs and what `slurm` has each
 * array task run (one reading of the flags for both).
 */
export function sweepOptionsFromArgs(args: ParsedArgs): SweepOptions {
  if (args['valid-fraction'] !== undefined && !args.data) throw new InputError('--valid-fraction carves valid from the train split of --data <image folder>; without --data it would be ignored');
  const settings = settingsFromArgs(args);
  const experimentFile = userPath(args.experiment as string);
  const name = loadExperiment(experimentFile, settings).name;
  const out = args.out === SWEEP.options.out.default ? join(workspaceRoot(), 'reports', name) : userPath(args.out as string);
  return {
    experimentFile,
    outDir: out,
    jobs: args.jobs === SWEEP.options.jobs.default ? undefined : integerFlag(args.jobs as string, 'jobs'),
    force: !!args.force,
    retryFailed: !!args['retry-failed'],
    failFast: !!args['fail-fast'],
    dryRun: !!args['dry-run'],
    shard: args.shard === undefined ? undefined : parseShard(args.shard as string),
    settings,
    overrides: {
      models: args.models ? (args.models as string).split(',').map((m) => m.trim()).filter(Boolean) : undefined,
      seeds: args.seeds ? (args.seeds as string).split(',').map((s) => integerFlag(s.trim(), 'seeds', 0)!) : undefined,
      data: args.data ? { kind: 'folder', root: userPath(args.data as string), valid_fraction: fraction(args['valid-fraction'] as string | undefined) } : undefined,
    },
  };
}

/**
 * The key=value settings, with --epochs and --backend as the settings they stand for. A field set
 * twice is an error rather than a silent last-one-wins.
 */
export function settingsFromArgs(args: ParsedArgs): Setting[] {
  const settings = (args._ ?? []).map(parseSetting);
  if (args.epochs !== undefined) settings.push({ ...parseSetting(`epochs=${args.epochs}`), text: `--epochs ${args.epochs}` });
  if (args.backend !== undefined) settings.push({ ...parseSetting(`backend=${args.backend}`), text: `--backend ${args.backend}` });
  const seen = new Map<string, string>();
  for (const s of settings) {
    const earlier = seen.get(s.path);
    if (earlier) throw new InputError(`${s.path} is set twice on the command line ("${earlier}" and "${s.text}"); give it once`);
    seen.set(s.path, s.text);
  }
  return settings;
}
