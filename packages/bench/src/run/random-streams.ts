import type { Module } from '@mambabench/core';
import type { Mixup, TransformSet } from '@mambabench/data';
import type { Rng, RngState } from '@mambabench/random';

/**
 * Every generator a run draws from while it trains, by a stable name: the batch shuffle, each
 * random augmentation step, mixup/cutmix, and the model's dropout and drop-path masks (forked
 * off the init seed when the model was built). A checkpoint stores all their states, so a resumed
 * run draws exactly what an unbroken run would from there on.
 */
export function runRandomStreams(parts: { shuffle: Rng; transform: TransformSet; mixup: Mixup | null; model: Module }): Map<string, Rng> {
  const streams = new Map<string, Rng>([['shuffle', parts.shuffle]]);
  parts.transform.randomStreams.forEach((rng, i) => streams.set(`augment.${i}`, rng));
  if (parts.mixup) streams.set('mixup', parts.mixup.randomStream);
  for (const [name, rng] of parts.model.namedRandomStreams()) streams.set(`model.${name}`, rng);
  return streams;
}

export function streamStates(streams: Map<string, Rng>): Record<string, RngState> {
  return Object.fromEntries([...streams].map(([name, rng]) => [name, rng.getState()]));
}

/** Puts saved states back; the saved and the live streams must be the same set of names. */
export function restoreStreams(streams: Map<string, Rng>, saved: Record<string, RngState>, where: string): void {
  const missing = [...streams.keys()].filter((n) => !(n in saved));
  const extra = Object.keys(saved).filter((n) => !streams.has(n));
  if (missing.length || extra.length) {
    throw new Error(`${where}: the checkpoint's random streams do not match this run's` +
      `${missing.length ? ` (missing: ${missing.join(', ')})` : ''}${extra.length ? ` (unknown: ${extra.join(', ')})` : ''}`);
  }
  for (const [name, rng] of streams) rng.setState(saved[name]);
}
