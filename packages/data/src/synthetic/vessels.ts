/**
 * Grows the retinal vessel tree as steered random walks from the optic disc. Real fundus
 * vessels leave the disc in superior and inferior arcades that curve around the macula,
 * plus smaller nasal vessels; they branch a few times and thin as they go.
 */
import type { Rng } from '@mambabench/random';
import type { Circle, VesselSegment } from './scene.ts';

interface Tip {
  x: number;
  y: number;
  angle: number;
  w: number;
  dark: number;
  depth: number;
  /**
   * Arcade trunks orbit the fovea: +1/-1 is the direction of travel around it. 0 means a
   * free walk that is only weakly pulled back to its initial heading.
   */
  orbit: 1 | -1 | 0;
  /** Preferred distance from the fovea for orbiting trunks. */
  radius: number;
  heading: number;
  steps: number;
}

const MIN_HALF_WIDTH = 0.002;
const MAX_DEPTH = 3;
const MAX_STEPS = [48, 22, 13, 8];
const BRANCH_P = [0.11, 0.09, 0.07];

function angleDiff(a: number, b: number): number {
  let d = a - b;
  while (d > Math.PI) d -= 2 * Math.PI;
  while (d < -Math.PI) d += 2 * Math.PI;
  return d;
}

/** Heading that follows a circle of radius `t.radius` around the fovea, correcting drift. */
function orbitAngle(t: Tip, fovea: { x: number; y: number }): number {
  const px = t.x - fovea.x;
  const py = t.y - fovea.y;
  const rho = Math.sqrt(px * px + py * py);
  const phi = Math.atan2(py, px);
  const correction = Math.max(-0.7, Math.min(0.7, (1.5 * (rho - t.radius)) / t.radius));
  return phi + t.orbit * (Math.PI / 2 + correction);
}

/**
 * @param side +1 when the optic disc is right of the fovea, -1 when left.
 */
export function growVessels(
  rng: Rng,
  disc: Circle,
  opticDisc: Circle,
  fovea: { x: number; y: number },
  side: 1 | -1,
): VesselSegment[] {
  const segs: VesselSegment[] = [];
  const R = disc.r;
  const tips: Tip[] = [];
  const start = (angle: number, w: number, dark: number, orbit: 1 | -1 | 0, radius = 0) => {
    tips.push({
      x: opticDisc.x + Math.cos(angle) * opticDisc.r * 0.15,
      y: opticDisc.y + Math.sin(angle) * opticDisc.r * 0.15,
      angle,
      w,
      dark,
      depth: 0,
      orbit,
      radius,
      heading: angle,
      steps: 0,
    });
  };

  // Temporal arcades: a vein (wide, dark) and an artery (thinner, lighter), up and down.
  for (const vert of [-1, 1] as const) {
    for (const vein of [true, false]) {
      const lean = rng.uniform(-0.1, 0.35); // radians off vertical, towards the macula
      const a = Math.atan2(vert * Math.cos(lean), -side * Math.sin(lean));
      start(
        a,
        (vein ? 0.019 : 0.014) * rng.uniform(0.85, 1.15),
        vein ? rng.uniform(0.7, 0.85) : rng.uniform(0.45, 0.6),
        // Direction of travel around the fovea that goes from the disc over/under the macula.
        (vert * side) as 1 | -1,
        rng.uniform(0.45, 0.6) * R,
      );
    }
  }
  // Nasal vessels fan out away from the macula.
  const towardNasal = side > 0 ? 0 : Math.PI;
  const nasal = rng.intBetween(2, 4);
  for (let i = 0; i < nasal; i++) {
    start(towardNasal + rng.uniform(-1.2, 1.2), rng.uniform(0.008, 0.012), rng.uniform(0.45, 0.75), 0);
  }
  // Small vessels heading for the macula (they stop short of the fovea).
  const macular = rng.intBetween(1, 2);
  for (let i = 0; i < macular; i++) {
    start(Math.PI - towardNasal + rng.uniform(-0.3, 0.3), rng.uniform(0.005, 0.007), rng.uniform(0.4, 0.6), 0);
  }

  const foveaGuard = 0.14 * R;
  while (tips.length > 0) {
    const t = tips.pop()!;
    const maxSteps = MAX_STEPS[t.depth];
    while (t.steps < maxSteps && t.w > MIN_HALF_WIDTH) {
      const step = (0.03 + 0.5 * t.w) * R;
      // Trunks leave the disc heading straight up/down for a few steps before orbiting.
      if (t.orbit !== 0 && t.steps > 2) {
        t.angle -= 0.3 * angleDiff(t.angle, orbitAngle(t, fovea));
        // Spiral outwards: arcades pass over/under the macula and then run to the periphery
        // instead of closing a ring around it.
        t.radius *= 1.022;
      }
      else if (t.orbit === 0) t.angle -= 0.08 * angleDiff(t.angle, t.heading);
      t.angle += rng.normal(0, t.depth === 0 ? 0.07 : 0.1);
      const nx = t.x + Math.cos(t.angle) * step;
      const ny = t.y + Math.sin(t.angle) * step;
      if ((nx - disc.x) ** 2 + (ny - disc.y) ** 2 > (R * 0.985) ** 2) break;
      if ((nx - fovea.x) ** 2 + (ny - fovea.y) ** 2 < foveaGuard * foveaGuard) break;
      segs.push({ x0: t.x, y0: t.y, x1: nx, y1: ny, w: t.w, dark: t.dark });
      t.x = nx;
      t.y = ny;
      t.steps++;
      t.w *= 0.985;
      if (t.depth < MAX_DEPTH && t.steps > 3 && rng.chance(BRANCH_P[t.depth])) {
        const childW = t.w * rng.uniform(0.5, 0.75);
        t.w *= 0.9;
        const angle = t.angle + rng.sign() * rng.uniform(0.45, 0.9);
        tips.push({
          x: t.x,
          y: t.y,
          angle,
          w: childW,
          dark: t.dark * rng.uniform(0.85, 1),
          depth: t.depth + 1,
          orbit: 0,
          radius: 0,
          heading: angle,
          steps: 0,
        });
      }
    }
  }
  return segs;
}
