import { makeSyntheticDataset, type Dataset } from '@mambabench/data';
import type { DataSpec } from '../experiment/schema';

/** Builds the dataset a run trains on, at the run's image size. */
export function loadRunDataset(spec: DataSpec, imageSize: number): Dataset {
  return makeSyntheticDataset({ seed: spec.seed, imageSize, train: spec.train, valid: spec.valid, test: spec.test });
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
