/**
 * Draws one fundus scene from an image seed. Anatomy, lesions and distractors use separate
 * sub-streams, so a DR and a No_DR image with the same seed share their anatomy and differ
 * only in the lesions (handy when debugging what the model keys on).
 */
import { Rng, hashSeed } from '@mambabench/random';
import type { FundusScene, Rgb, Wave } from './scene.ts';
import { growVessels } from './vessels.ts';
import { sampleDrLesions } from './lesions.ts';
import { sampleDistractors } from './distractors.ts';

export function sampleScene(imageSeed: number, isDR: boolean, lesionScale = 1): FundusScene {
  const rng = new Rng(hashSeed(imageSeed, 1));

  const R = rng.uniform(0.86, 0.96);
  const disc = { x: rng.normal(0, 0.025), y: rng.normal(0, 0.025), r: R };

  // Per-image hue/brightness: orange (more green) to deep red fundi, as pigmentation varies.
  const brightness = Math.exp(rng.normal(0, 0.12));
  const red = Math.min(1, 0.8 * brightness);
  const base: Rgb = [red, red * rng.uniform(0.4, 0.56), red * rng.uniform(0.12, 0.2)];

  const texture: Wave[] = [];
  for (let i = 0; i < 4; i++) {
    const f = rng.uniform(1.5, 5);
    const a = rng.uniform(0, Math.PI);
    texture.push({ fx: f * Math.cos(a), fy: f * Math.sin(a), phase: rng.uniform(0, 2 * Math.PI), amp: rng.uniform(0.015, 0.04) });
  }

  const mottleN = 28;
  const mottle = { n: mottleN, values: new Float32Array(mottleN * mottleN), amp: rng.uniform(0.015, 0.035) };
  for (let i = 0; i < mottle.values.length; i++) mottle.values[i] = rng.uniform(-1, 1);

  const side = rng.sign();
  const odR = rng.uniform(0.13, 0.16) * R;
  const opticDisc = {
    x: disc.x + side * rng.uniform(0.4, 0.5) * R,
    y: disc.y + rng.normal(0, 0.05) * R,
    r: odR,
    color: [1, rng.uniform(0.78, 0.9), rng.uniform(0.42, 0.6)] as Rgb,
    cup: rng.uniform(0.3, 0.5),
  };
  const macula = {
    x: disc.x - side * rng.uniform(0.02, 0.1) * R,
    y: disc.y + rng.normal(0, 0.04) * R,
    r: rng.uniform(0.1, 0.16) * R,
    depth: rng.uniform(0.2, 0.45),
  };
  const anatomy = { disc, opticDisc, fovea: macula };

  const vessels = growVessels(rng, disc, opticDisc, macula, side);
  const spots = sampleDistractors(new Rng(hashSeed(imageSeed, 3)), anatomy);
  if (isDR) {
    const lesions = sampleDrLesions(new Rng(hashSeed(imageSeed, 2)), anatomy);
    // Scaling radii only (not positions) keeps every image the same apart from lesion size.
    for (const spot of lesions) for (const part of spot.parts) part.r *= lesionScale;
    spots.push(...lesions);
  }

  return {
    disc,
    base,
    vignette: { strength: rng.uniform(0.35, 0.65), power: rng.uniform(2, 3.5) },
    texture,
    mottle,
    opticDisc,
    macula,
    vessels,
    spots,
    background: rng.uniform(0, 0.02),
    noise: rng.uniform(0.004, 0.014),
  };
}
