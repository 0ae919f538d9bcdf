import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rebuildReports } from '@mambabench/report';
import { listModels, initBackend, modelMacs } from '@mambabench/core';
import { EXIT_CODES, helpText, integerFlag, parseCommand } from './cli/args';
import { ENV_FLAGS } from './cli/env-flags';
import { COMMANDS, MODELS, REPORT, RUN, RUNS, SAMPLES, SWEEP } from './cli/commands';
import { findStores, listStore, storeTable } from './store/list-runs';
import { newVariant } from './cli/new-variant';
import { compare, refreshCompare } from './cli/compare';
import { slurm } from './cli/slurm';
import { fraction, sweepOptionsFromArgs } from './cli/sweep-options';
import { writeSampleGrid } from '@mambabench/data';
import { loadRunDataset } from './run/dataset';
import { perf } from './perf/command';
import { runSweep } from './sweep/sweep';
import { storeRecords } from './store/store-records';
import { loadModelPackages } from './discover';
import { gitCommit } from './environment';
import { INTERRUPTED_EXIT, runFromConfig } from './run/run-command';
import { userPath } from './workspace';
import { InputError, exitCodeFor } from './input-error';

function mainHelp(): string {
  return [
    'mambabench: train, sweep and compare Mamba image classifiers',
    '',
    'Usage: mambabench <command> [options]   (mambabench <command> --help for its options)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(13)}${c.summary}`),
    '',
    '  --version    print the version and the git commit',
    '',
    'Environment (each also a flag of the commands it affects; the flag wins):',
    ...Object.entries(ENV_FLAGS).map(([flag, o]) => `  ${o.env.padEnd(26)}--${flag}: ${o.description}`),
    '',
    `Exit codes: ${EXIT_CODES}`,
  ].join('\n');
}

/** "mambabench 0.1.0 (git 1a2b3c4d5e6f)": the commit says which code produced a result. */
function versionLine(): string {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return `mambabench ${version} (git ${gitCommit()})`;
}

async function sweep(argv: string[]): Promise<number> {
  const args = parseCommand(SWEEP, argv);
  if (!args) return (console.log(helpText(SWEEP)), 0);
  if (args.resume) console.log('--resume is the default now: finished runs are reused and interrupted ones continue');
  const { failed, interrupted, reportError } = await runSweep(sweepOptionsFromArgs(args));
  if (failed > 0) console.error(`${failed} run(s) did not finish; finished runs are kept in the report.`);
  if (reportError) console.error(`The report could not be written (${reportError}); every run is in the store: mambabench report rebuilds it.`);
  if (interrupted) {
    console.error('sweep interrupted: stopped runs saved a checkpoint. Run the same command again to continue exactly from there.');
    return INTERRUPTED_EXIT;
  }
  return failed > 0 || reportError ? 1 : 0;
}

async function run(argv: string[]): Promise<number> {
  const args = parseCommand(RUN, argv);
  if (!args) return (console.log(helpText(RUN)), 0);
  if (!args.config || !args.record) throw new InputError(`run needs --config and --record\n\n${helpText(RUN)}`);
  await loadModelPackages();
  return runFromConfig(userPath(args.config as string), userPath(args.record as string), args.label as string, !!args.resume);
}

async function runs(argv: string[]): Promise<number> {
  const args = parseCommand(RUNS, argv);
  if (!args) return (console.log(helpText(RUNS)), 0);
  const dir = userPath(args.out as string);
  const rows = findStores(dir).flatMap((store) => listStore(store));
  if (args.json) console.log(JSON.stringify(rows, null, 2));
  else console.log(rows.length ? storeTable(rows) : `No run store at or below ${dir}`);
  return 0;
}

async function models(argv: string[]): Promise<number> {
  const args = parseCommand(MODELS, argv);
  if (!args) return (console.log(helpText(MODELS)), 0);
  const imageSize = integerFlag(args['image-size'] as string, 'image-size')!;
  await initBackend('wasm'); // one forward pass per variant counts the MACs
  await loadModelPackages();
  const rows = listModels().map((m) => {
    const model = m.build({ numClasses: 2, imageSize, inChannels: 3 });
    const { macs, scanFlops } = modelMacs(model, imageSize);
    const row = {
      name: m.name, family: m.family, size: m.size, params: model.numParams(), image_size: imageSize,
      gmacs: +(macs / 1e9).toFixed(4), scan_gflops: +(scanFlops / 1e9).toFixed(4), package: m.source, description: m.description,
    };
    model.dispose();
    return row;
  });
  if (args.json) {
    console.log(JSON.stringify(rows, null, 2));
  } else {
    const w = Math.max(...rows.map((r) => r.name.length));
    const f = Math.max(...rows.map((r) => r.family.length));
    console.log(`${'variant'.padEnd(w)}  ${'family'.padEnd(f)}  size          params  GMACs  scan GFLOPs  (2 classes, ${imageSize}px)`);
    for (const r of rows) {
      console.log(`${r.name.padEnd(w)}  ${r.family.padEnd(f)}  ${r.size.padEnd(8)}  ${r.params.toLocaleString('en-US').padStart(10)}  ${r.gmacs.toFixed(3).padStart(5)}  ${r.scan_gflops.toFixed(3).padStart(11)}  ${r.description}`);
    }
    console.log('\nMACs: conv, linear (including the SSM projections) and attention matmuls, per image;' +
      '\nscan GFLOPs: the selective scan counted apart, 9 x L x d_inner x d_state per direction.');
  }
  return 0;
}

async function report(argv: string[]): Promise<number> {
  const args = parseCommand(REPORT, argv);
  if (!args) return (console.log(helpText(REPORT)), 0);
  // A report beside a run store is rebuilt from what the store holds now (Slurm tasks and other
  // machines add runs to it), not from the runs its last writer knew of.
  if (args.runs !== undefined && argv.some((a) => a === '--out' || a.startsWith('--out='))) throw new InputError('report: --runs is the old name of --out; give one of them');
  const dir = userPath((args.runs ?? args.out) as string);
  // A comparison is rebuilt from its inputs' stores.
  const rebuilt = await rebuildReports(dir, (dir, results) =>
    results.compare ? refreshCompare(dir, results)
      : results.store ? { ...results, runs: storeRecords(results.store.keys.map((k) => join(dir, 'runs', k.key))) } : results);
  if (rebuilt.length === 0) console.log(`No results.json found at or below ${dir}`);
  for (const r of rebuilt) {
    if (r.error) console.error(`${r.dir}: ${r.error}`);
    else console.log(`${r.dir}: ${r.runs} run(s) -> index.html, results.csv, summary.csv, results.md, ${r.files?.charts.length ?? 0} PNG chart(s)`);
    if (r.files?.chartsError) console.error(`${r.dir}: PNG charts skipped: ${r.files.chartsError}`);
  }
  return rebuilt.some((r) => r.error) ? 1 : 0;
}

async function samples(argv: string[]): Promise<number> {
  const args = parseCommand(SAMPLES, argv);
  if (!args) return (console.log(helpText(SAMPLES)), 0);
  if (!args.data) throw new InputError(`samples needs --data <image folder>\n\n${helpText(SAMPLES)}`);
  const split = args.split as string;
  if (!['train', 'valid', 'test'].includes(split)) throw new InputError(`--split must be train, valid or test, got "${split}"`);
  const size = integerFlag(args['image-size'] as string, 'image-size')!;
  const seed = Number(args.seed);
  if (!Number.isInteger(seed)) throw new InputError(`--seed must be an integer, got "${args.seed}"`);
  const { dataset } = await loadRunDataset(
    { kind: 'folder', root: userPath(args.data as string), valid_fraction: fraction(args['valid-fraction'] as string | undefined) },
    size, (l) => console.log(l),
  );
  if (!dataset.splits[split as 'train']) throw new InputError(`${userPath(args.data as string)} has no ${split} split`);
  const out = userPath(args.out as string);
  const grid = await writeSampleGrid(out, dataset, { split: split as 'train', seed });
  console.log(`wrote ${out} (${grid.width}x${grid.height}, ${grid.indices.length} ${split} images)`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-V') {
    console.log(versionLine());
    return 0;
  }
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(mainHelp());
    return command ? 0 : 2; // no command at all is a usage error
  }
  const handlers: Record<string, (a: string[]) => Promise<number>> = { sweep, slurm, run, runs, models, perf, report, compare, samples, 'new-variant': newVariant };
  const handler = handlers[command];
  if (!handler) {
    console.error(`Unknown command "${command}".\n\n${mainHelp()}`);
    return 2;
  }
  return handler(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`mambabench: ${error.message}`);
    process.exit(exitCodeFor(error));
  },
);
