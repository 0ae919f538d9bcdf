/** Where spots may go: inside the fundus, off the optic disc, clustered around the macula. */
import type { Rng } from '@mambabench/random';
import type { Circle } from './scene.ts';

export interface Anatomy {
  disc: Circle;
  opticDisc: Circle;
  fovea: { x: number; y: number };
}

/**
 * Samples a point with a Gaussian spread (in disc radii) around the fovea, rejecting points
 * near the rim (vignetting would hide them) and on the optic disc. `spread` ~0.35 keeps
 * lesions in the posterior pole, as in real DR; larger spreads scatter them everywhere.
 */
export function samplePoint(rng: Rng, a: Anatomy, spread: number): { x: number; y: number } {
  const R = a.disc.r;
  for (let tries = 0; tries < 24; tries++) {
    const x = a.fovea.x + rng.normal(0, spread * R);
    const y = a.fovea.y + rng.normal(0, spread * R);
    if (Math.hypot(x - a.disc.x, y - a.disc.y) > 0.88 * R) continue;
    if (Math.hypot(x - a.opticDisc.x, y - a.opticDisc.y) < 1.4 * a.opticDisc.r) continue;
    return { x, y };
  }
  return { x: a.fovea.x + 0.2 * R, y: a.fovea.y - 0.15 * R };
}
