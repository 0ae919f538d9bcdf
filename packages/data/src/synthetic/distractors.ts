/**
 * Lesion look-alikes drawn with the SAME distribution in both classes, so that "there is a
 * dark dot" or "there is a bright dot" is not a perfect cue. They differ from real lesions in
 * their statistics (pigment is brown-grey rather than deep red, reflections are white rather
 * than yellow, drusen are fuzzy and faint), which is what a model has to learn.
 */
import type { Rng } from '@mambabench/random';
import type { Spot } from './scene.ts';
import { samplePoint, type Anatomy } from './placement.ts';

export function sampleDistractors(rng: Rng, a: Anatomy): Spot[] {
  const R = a.disc.r;
  const spots: Spot[] = [];
  if (rng.chance(0.45)) {
    const n = rng.intBetween(1, 3);
    for (let i = 0; i < n; i++) {
      const p = samplePoint(rng, a, 0.55);
      spots.push({
        kind: 'pigment',
        parts: [{ x: p.x, y: p.y, r: rng.uniform(0.012, 0.028) * R }],
        soft: rng.uniform(0.4, 0.8),
        opacity: rng.uniform(0.25, 0.6),
        mode: 'mul',
        color: [0.6, 0.68, 0.8],
      });
    }
  }
  if (rng.chance(0.35)) {
    const n = rng.intBetween(1, 4);
    for (let i = 0; i < n; i++) {
      const p = samplePoint(rng, a, 0.45);
      spots.push({
        kind: 'reflection',
        parts: [{ x: p.x, y: p.y, r: rng.uniform(0.01, 0.025) * R }],
        soft: rng.uniform(0.6, 1),
        opacity: rng.uniform(0.15, 0.45),
        mode: 'mix',
        color: [1, 0.97, 0.92],
      });
    }
  }
  if (rng.chance(0.2)) {
    const n = rng.intBetween(2, 6);
    for (let i = 0; i < n; i++) {
      const p = samplePoint(rng, a, 0.3);
      spots.push({
        kind: 'drusen',
        parts: [{ x: p.x, y: p.y, r: rng.uniform(0.01, 0.02) * R }],
        soft: rng.uniform(0.7, 1),
        opacity: rng.uniform(0.15, 0.35),
        mode: 'mix',
        color: [0.95, 0.85, 0.55],
      });
    }
  }
  if (rng.chance(0.15)) {
    const p = samplePoint(rng, a, 0.8);
    spots.push({
      kind: 'dust',
      parts: [{ x: p.x, y: p.y, r: rng.uniform(0.04, 0.08) * R }],
      soft: 1,
      opacity: rng.uniform(0.15, 0.35),
      mode: 'mul',
      color: [0.8, 0.8, 0.8],
    });
  }
  return spots;
}
