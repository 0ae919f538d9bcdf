/**
 * Diabetic-retinopathy lesions. Severity is drawn per image so that a sizeable share of DR
 * images is subtle (a few faint microaneurysms), which is what keeps the task from being
 * trivially separable: at 64 px those images are hard to tell from a healthy retina.
 */
import type { Rng } from '@mambabench/random';
import type { Circle, Spot } from './scene.ts';
import { samplePoint, type Anatomy } from './placement.ts';

/** Share of DR images in each severity tier (the rest are moderate/severe). */
export const DR_TIERS = { subtle: 0.25, mild: 0.35 } as const;

function microaneurysm(rng: Rng, a: Anatomy, contrast: [number, number], size: [number, number]): Spot {
  const p = samplePoint(rng, a, 0.38);
  return {
    kind: 'microaneurysm',
    parts: [{ x: p.x, y: p.y, r: rng.uniform(size[0], size[1]) * a.disc.r }],
    soft: rng.uniform(0.2, 0.5),
    opacity: rng.uniform(contrast[0], contrast[1]),
    mode: 'mul',
    color: [0.42, 0.26, 0.3],
  };
}

/** A blot haemorrhage: a few overlapping discs give an irregular outline. */
function haemorrhage(rng: Rng, a: Anatomy, scale: number): Spot {
  const c = samplePoint(rng, a, 0.42);
  const base = rng.uniform(0.03, 0.055) * scale * a.disc.r;
  const parts: Circle[] = [];
  const n = rng.intBetween(2, 5);
  for (let i = 0; i < n; i++) {
    parts.push({
      x: c.x + rng.normal(0, base * 0.6),
      y: c.y + rng.normal(0, base * 0.6),
      r: base * rng.uniform(0.55, 1),
    });
  }
  return {
    kind: 'haemorrhage',
    parts,
    soft: rng.uniform(0.25, 0.6),
    opacity: rng.uniform(0.45, 0.85),
    mode: 'mul',
    color: [0.4, 0.24, 0.28],
  };
}

/** Hard exudates come in clusters of small, crisp, waxy-yellow spots. */
function exudateCluster(rng: Rng, a: Anatomy, count: number, contrast: [number, number]): Spot[] {
  const c = samplePoint(rng, a, 0.32);
  const spread = rng.uniform(0.02, 0.07) * a.disc.r;
  const spots: Spot[] = [];
  for (let i = 0; i < count; i++) {
    spots.push({
      kind: 'exudate',
      parts: [{ x: c.x + rng.normal(0, spread), y: c.y + rng.normal(0, spread), r: rng.uniform(0.01, 0.025) * a.disc.r }],
      soft: rng.uniform(0.15, 0.4),
      opacity: rng.uniform(contrast[0], contrast[1]),
      mode: 'mix',
      color: [1.0, 0.9, 0.45],
    });
  }
  return spots;
}

export function sampleDrLesions(rng: Rng, a: Anatomy): Spot[] {
  const spots: Spot[] = [];
  const u = rng.float();
  if (u < DR_TIERS.subtle) {
    // Faint and few: at 64 px these are near the noise floor, by design.
    const n = rng.intBetween(1, 3);
    for (let i = 0; i < n; i++) spots.push(microaneurysm(rng, a, [0.25, 0.5], [0.01, 0.016]));
  } else if (u < DR_TIERS.subtle + DR_TIERS.mild) {
    const n = rng.intBetween(3, 10);
    for (let i = 0; i < n; i++) spots.push(microaneurysm(rng, a, [0.5, 0.85], [0.013, 0.022]));
    if (rng.chance(0.5)) spots.push(haemorrhage(rng, a, 0.8));
    if (rng.chance(0.5)) spots.push(...exudateCluster(rng, a, rng.intBetween(2, 6), [0.5, 0.85]));
  } else {
    const n = rng.intBetween(5, 15);
    for (let i = 0; i < n; i++) spots.push(microaneurysm(rng, a, [0.55, 0.9], [0.014, 0.025]));
    const h = rng.intBetween(1, 5);
    for (let i = 0; i < h; i++) spots.push(haemorrhage(rng, a, 1));
    if (rng.chance(0.75)) {
      const clusters = rng.intBetween(1, 3);
      for (let i = 0; i < clusters; i++) spots.push(...exudateCluster(rng, a, rng.intBetween(3, 10), [0.5, 0.9]));
    }
  }
  return spots;
}
