import { join } from 'node:path';
import { loadImageFolder, makeSyntheticDataset, type Dataset, type LoadReport } from '@mambabench/data';
import type { DataSpec } from '../experiment/schema';
import { workspaceRoot } from '../workspace';

/** Decoded, resized images are cached here (git-ignored), keyed by file, size, mtime and target size. */
export function imageCacheDir(): string {
  return join(workspaceRoot(), '.cache', 'images');
}

/** Builds the dataset a run trains on, at the run's image size. */
export async function loadRunDataset(
  spec: DataSpec, imageSize: number, log?: (line: string) => void,
): Promise<{ dataset: Dataset; report: LoadReport | null }> {
  if (spec.kind === 'synthetic') {
    return { dataset: makeSyntheticDataset({ seed: spec.seed, imageSize, train: spec.train, valid: spec.valid, test: spec.test, lesionScale: spec.lesion_scale }), report: null };
  }
  return loadImageFolder(spec.root, {
    imageSize, cacheDir: imageCacheDir(), validFraction: spec.valid_fraction ?? undefined, log,
  });
}

export function classCounts(dataset: Dataset): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const split of Object.values(dataset.splits)) {
    if (!split) continue;
    const counts: Record<string, number> = Object.fromEntries(dataset.classNames.map((c) => [c, 0]));
    for (const label of split.labels) counts[dataset.classNames[label]] += 1;
    out[split.name] = counts;
  }
  return out;
}
