import { listModels, type BackendChoice } from '@mambabench/core';
import { writeFileAtomic } from '@mambabench/durable';
import { backendArg, helpText, integerFlag, parseCommand } from '../cli/args';
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
  const json = args.json ? userPath(args.json as string) : undefined;
  // Read by @mambabench/core when it loads, so it reaches the per-model processes through their environment.
  if (args.checkpoint) process.env.MAMBABENCH_CHECKPOINT = '1';

  if (args['in-process']) {
    const results: PerfResult[] = [];
    for (const model of names) {
      for (const backend of backends) {
        const r = await measureModel({ model, backend, ...common });
        results.push(r);
        console.log(`${model} on ${r.backend} (${r.threads} thread(s), scan ${r.scan_kernel}): train ${r.train_ms.median.toFixed(0)} ms/step (${r.train_images_per_s.toFixed(1)} img/s), infer ${r.infer_images_per_s.toFixed(1)} img/s, peak tensors ${r.peak_tensor_mb.toFixed(0)} MiB train / ${r.infer_peak_tensor_mb.toFixed(0)} MiB infer` +
          (r.gpu_memory_mb == null ? '' : `, GPU memory ${r.gpu_memory_mb.toFixed(0)} MiB`));
      }
    }
    if (json) await writeFileAtomic(json, JSON.stringify(results, null, 2));
    return 0;
  }

  const passOn = argv.filter((a, i) => !['--models', '--json', '--peer'].includes(a) && !['--models', '--json', '--peer'].includes(argv[i - 1]));
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
      console.log(`${model} in PyTorch ${peer.torch ?? ''} (${peer.threads} threads): ${peer.median_step_ms.toFixed(0)} ms/step (${peer.images_per_s.toFixed(1)} img/s)`);
    }
  }
  console.log('\n' + perfTable(results));
  if (backends.length === 2) {
    console.log('');
    for (const model of names) {
      const [a, b] = backends.map((be) => results.find((r) => r.model === model && (r.backend === be || be === 'auto')));
      if (a && b && a !== b) {
        console.log(`${model}: ${a.backend} / ${b.backend} train speed ratio ${(a.train_images_per_s / b.train_images_per_s).toFixed(2)}x, inference ${(a.infer_images_per_s / b.infer_images_per_s).toFixed(2)}x`);
      }
    }
  }
  if (peers.length) console.log('\n' + peerLines(results, peers).join('\n'));
  for (const e of errors) console.error(e);
  if (json) await writeFileAtomic(json, JSON.stringify({ results, peers, errors }, null, 2));
  return errors.length ? 1 : 0;
}
