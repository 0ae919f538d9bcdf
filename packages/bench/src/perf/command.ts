import { listModels, type BackendChoice } from '@mambabench/core';
import { writeFileAtomic } from '@mambabench/durable';
import { argvOf, backendArg, helpText, integerFlag, parseCommand, type ParsedArgs } from '../cli/args';
import { PERF } from '../cli/commands';
import { loadModelPackages } from '../discover';
import { userPath } from '../workspace';
import { measureInChild } from './child';
import { measureModel, type PerfResult } from './measure';
import { runPeer, type PeerResult } from './peer';
import { perfTable, peerLines } from './table';

/** `mambabench perf`: one child process per model; the child (--in-process) times every backend asked for. */
export async function perf(argv: string[]): Promise<number> {
  const args = parseCommand(PERF, argv);
  if (!args) return (console.log(helpText(PERF)), 0);
  await loadModelPackages();
  const names = args.models === 'all' ? listModels().map((m) => m.name) : (args.models as string).split(',').map((m) => m.trim());
  const backends = [backendArg(args.backend as string, 'backend')!, backendArg(args.compare as string | undefined, 'compare')].filter((b): b is BackendChoice => !!b);
  const common = {
    imageSize: integerFlag(args['image-size'] as string, 'image-size')!,
    batch: integerFlag(args.batch as string, 'batch')!,
    steps: integerFlag(args.steps as string, 'steps')!,
    warmup: integerFlag(args.warmup as string, 'warmup', 0)!,
    threads: integerFlag(args.threads as string | undefined, 'threads'),
    profile: !!args.profile,
  };
  // With --json, stdout is the JSON alone: every other line goes to stderr.
  const say = args.json ? (line: string) => console.error(line) : (line: string) => console.log(line);

  if (args['in-process']) {
    const results: PerfResult[] = [];
    for (const model of names) {
      for (const backend of backends) {
        const r = await measureModel({ model, backend, ...common });
        results.push(r);
        say(`${model} on ${r.backend} (${r.threads} thread(s), scan ${r.scan_kernel}): train ${r.train_ms.median.toFixed(0)} ms/step (${r.train_images_per_s.toFixed(1)} img/s), infer ${r.infer_images_per_s.toFixed(1)} img/s, peak tensors ${r.peak_tensor_mb.toFixed(0)} MiB train / ${r.infer_peak_tensor_mb.toFixed(0)} MiB infer` +
          (r.gpu_memory_mb == null ? '' : `, GPU memory ${r.gpu_memory_mb.toFixed(0)} MiB`));
      }
    }
    if (args['result-file']) await writeFileAtomic(args['result-file'] as string, JSON.stringify(results, null, 2));
    return 0;
  }

  const passOn = childFlags(args);
  const results: PerfResult[] = [];
  const peers: PeerResult[] = [];
  const errors: string[] = [];
  for (const model of names) {
    const r = await measureInChild(model, passOn);
    results.push(...r.results);
    if (r.error) errors.push(r.error);
    if (args.peer) {
      const peer = runPeer(userPath(args.peer as string), model, common.imageSize, common.batch);
      peers.push(peer);
      say(`${model} in PyTorch ${peer.torch ?? ''} (${peer.threads} threads): ${peer.median_step_ms.toFixed(0)} ms/step (${peer.images_per_s.toFixed(1)} img/s)`);
    }
  }
  say('\n' + perfTable(results));
  if (backends.length === 2) {
    say('');
    for (const model of names) {
      const [a, b] = backends.map((be) => results.find((r) => r.model === model && (r.backend === be || be === 'auto')));
      if (a && b && a !== b) {
        say(`${model}: ${a.backend} / ${b.backend} train speed ratio ${(a.train_images_per_s / b.train_images_per_s).toFixed(2)}x, inference ${(a.infer_images_per_s / b.infer_images_per_s).toFixed(2)}x`);
      }
    }
  }
  if (peers.length) say('\n' + peerLines(results, peers).join('\n'));
  for (const e of errors) console.error(e);
  if (args.json) console.log(JSON.stringify({ results, peers, errors }, null, 2));
  return errors.length ? 1 : 0;
}

/**
 * The flags each per-model child gets: every option as parsed (so `--models=all` and `--models all`
 * read the same), less those that only the parent acts on. Env flags reach it as flags and through
 * the environment alike.
 */
function childFlags(args: ParsedArgs): string[] {
  const parentOnly = ['models', 'peer', 'in-process', 'result-file'];
  return argvOf(Object.fromEntries(Object.entries(PERF.options).filter(([name]) => !parentOnly.includes(name))), args);
}
