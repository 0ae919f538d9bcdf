/**
 * Beta(a, b) draws from a seeded generator (numpy's np.random.beta is what timm's Mixup
 * calls; only the distribution matters here, not numpy's exact stream).
 * Gamma by Marsaglia & Tsang (2000): exact for shape >= 1, and shape < 1 through the
 * identity Gamma(k) = Gamma(k + 1) * U^(1/k). Beta = X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
 */
import type { Rng } from '@mambabench/random';

export function sampleGamma(rng: Rng, shape: number): number {
  if (!(shape > 0)) throw new Error(`gamma shape must be > 0, got ${shape}`);
  if (shape < 1) {
    let u = rng.float();
    while (u === 0) u = rng.float();
    return sampleGamma(rng, shape + 1) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = rng.normal();
    const t = 1 + c * z;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = rng.float();
    if (u > 0 && Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

export function sampleBeta(rng: Rng, a: number, b: number): number {
  const x = sampleGamma(rng, a);
  const y = sampleGamma(rng, b);
  return x / (x + y);
}
