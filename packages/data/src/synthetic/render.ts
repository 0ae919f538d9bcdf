/**
 * Rasterises a FundusScene at any size. Anti-aliasing is analytic (coverage from the
 * distance to an edge, measured in pixels) rather than supersampled: it costs one pass and
 * keeps sub-pixel vessels and microaneurysms visible, with energy-preserving fading, at 32 px.
 */
import { Rng } from '@mambabench/random';
import { NORMAL_TABLE, NORMAL_TABLE_BITS } from './normal-table.ts';
import type { Circle, FundusScene, Spot, VesselSegment } from './scene.ts';

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

function clamp255(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

function smooth01(t: number): number {
  const c = clamp01(t);
  return c * c * (3 - 2 * c);
}

/** Float RGB planes in [0, 1] plus the fundus-disc coverage mask. */
interface Canvas {
  size: number;
  /** Pixel size in normalised units (the image spans 2 units). */
  px: number;
  r: Float32Array;
  g: Float32Array;
  b: Float32Array;
  mask: Float32Array;
  /** Reused per-pixel buffer (the vessel mask). */
  scratch: Float32Array;
}

// Rendering allocates nothing per image after the first one of a size: generation is
// single-threaded and synchronous, so one cached canvas per size is safe.
const canvasCache = new Map<number, Canvas>();

function canvasFor(size: number): Canvas {
  let c = canvasCache.get(size);
  if (!c) {
    const n = size * size;
    c = {
      size,
      px: 2 / size,
      r: new Float32Array(n),
      g: new Float32Array(n),
      b: new Float32Array(n),
      mask: new Float32Array(n),
      scratch: new Float32Array(n),
    };
    if (canvasCache.size > 4) canvasCache.clear();
    canvasCache.set(size, c);
  }
  return c;
}

/** Pixel-index bounding box of a normalised-coordinate box, clipped to the image. */
function pixelBox(c: Canvas, x0: number, y0: number, x1: number, y1: number): [number, number, number, number] {
  const s = c.size;
  const toPx = (v: number) => ((v + 1) / 2) * s - 0.5;
  return [
    Math.max(0, Math.floor(toPx(x0))),
    Math.max(0, Math.floor(toPx(y0))),
    Math.min(s - 1, Math.ceil(toPx(x1))),
    Math.min(s - 1, Math.ceil(toPx(y1))),
  ];
}

function vignetteAt(scene: FundusScene, x: number, y: number): number {
  const t = Math.min(1.05, Math.sqrt((x - scene.disc.x) ** 2 + (y - scene.disc.y) ** 2) / scene.disc.r);
  return 1 - scene.vignette.strength * Math.pow(t, scene.vignette.power);
}

/**
 * Per-column and per-row factors of the separable parts of the base pass (texture waves,
 * macula Gaussian, mottle lattice position), so the inner loop is multiply-adds only.
 */
function axisTables(scene: FundusScene, size: number, px: number) {
  const { texture, macula, mottle } = scene;
  const K = texture.length;
  const mac2 = 2 * macula.r * macula.r;
  const t = {
    cosX: new Float32Array(K * size),
    sinX: new Float32Array(K * size),
    cosY: new Float32Array(K * size),
    sinY: new Float32Array(K * size),
    macX: new Float32Array(size),
    macY: new Float32Array(size),
    cell: new Int32Array(size),
    frac: new Float32Array(size),
  };
  for (let i = 0; i < size; i++) {
    const v = (i + 0.5) * px - 1; // x for columns, y for rows (square image)
    for (let k = 0; k < K; k++) {
      const w = texture[k];
      t.cosX[k * size + i] = w.amp * Math.cos(Math.PI * w.fx * v);
      t.sinX[k * size + i] = w.amp * Math.sin(Math.PI * w.fx * v);
      t.cosY[k * size + i] = Math.cos(Math.PI * w.fy * v + w.phase);
      t.sinY[k * size + i] = Math.sin(Math.PI * w.fy * v + w.phase);
    }
    t.macX[i] = Math.exp(-((v - macula.x) ** 2) / mac2);
    t.macY[i] = macula.depth * Math.exp(-((v - macula.y) ** 2) / mac2);
    const g = Math.min(mottle.n - 1.001, Math.max(0, ((v + 1) / 2) * (mottle.n - 1)));
    t.cell[i] = Math.floor(g);
    t.frac[i] = smooth01(g - Math.floor(g));
  }
  return t;
}

function paintBase(c: Canvas, scene: FundusScene): void {
  const { size, px } = c;
  const { disc, base, opticDisc: od, mottle } = scene;
  const { strength, power } = scene.vignette;
  const K = scene.texture.length;
  const ax = axisTables(scene, size, px);
  const mv = mottle.values;
  const outer2 = (disc.r + px) ** 2;
  for (let iy = 0; iy < size; iy++) {
    const y = (iy + 0.5) * px - 1;
    const dy = y - disc.y;
    const rowCell = ax.cell[iy] * mottle.n;
    const fy = ax.frac[iy];
    for (let ix = 0; ix < size; ix++) {
      const x = (ix + 0.5) * px - 1;
      const i = iy * size + ix;
      const dx = x - disc.x;
      const d2 = dx * dx + dy * dy;
      if (d2 > outer2) {
        c.mask[i] = 0; // fully outside the fundus: colour is never used
        continue;
      }
      const d = Math.sqrt(d2);
      c.mask[i] = clamp01((disc.r - d) / px + 0.5);
      const t = Math.min(1.05, d / disc.r);
      const vig = 1 - strength * Math.pow(t, power);
      let tex = 1;
      for (let k = 0; k < K; k++) {
        // cos(a + b) = cos a cos b - sin a sin b, with the wave amplitude folded into X.
        tex += ax.cosX[k * size + ix] * ax.cosY[k * size + iy] - ax.sinX[k * size + ix] * ax.sinY[k * size + iy];
      }
      const j = rowCell + ax.cell[ix];
      const fx = ax.frac[ix];
      const top = mv[j] + fx * (mv[j + 1] - mv[j]);
      const bottom = mv[j + mottle.n] + fx * (mv[j + mottle.n + 1] - mv[j + mottle.n]);
      tex += mottle.amp * (top + fy * (bottom - top));
      // The macula is darker and browner (more pigment), hence the stronger G/B dip.
      const m = ax.macX[ix] * ax.macY[iy];
      const lit = vig * tex;
      let r = base[0] * lit * (1 - m);
      let g = base[1] * lit * (1 - 1.2 * m);
      let b = base[2] * lit * (1 - 1.2 * m);
      // Optic disc: soft-edged bright yellow disc, a paler cup in its middle, a faint halo.
      const ox = x - od.x;
      const oy = y - od.y;
      const od2 = (ox * ox + oy * oy) / (od.r * od.r);
      if (od2 < 4) {
        const dod = Math.sqrt(od2);
        const halo = 0.18 * Math.exp(-od2);
        r += halo * (od.color[0] - r);
        g += halo * (od.color[1] - g);
        b += halo * (od.color[2] - b);
        const cov = 0.92 * smooth01((1.12 - dod) / 0.3);
        r += cov * (od.color[0] * vig - r);
        g += cov * (od.color[1] * vig - g);
        b += cov * (od.color[2] * vig - b);
        const cup = 0.4 * smooth01((od.cup - dod) / 0.25);
        r += cup * (1 - r);
        g += cup * (0.95 - g);
        b += cup * (0.75 - b);
      }
      c.r[i] = r;
      c.g[i] = g;
      c.b[i] = b;
    }
  }
}

/** Vessels are accumulated with max() so joints between segments do not darken twice. */
function paintVessels(c: Canvas, segs: VesselSegment[]): void {
  const { size, px } = c;
  const vm = c.scratch;
  vm.fill(0);
  for (const s of segs) {
    const we = Math.max(s.w, 0.5 * px); // sub-pixel vessels: widen, and fade by w/we below
    const fade = (s.w / we) * s.dark;
    const edge = Math.max(px, 0.6 * we); // vessels have blurry walls
    const reach = we + edge;
    const [bx0, by0, bx1, by1] = pixelBox(
      c,
      Math.min(s.x0, s.x1) - reach,
      Math.min(s.y0, s.y1) - reach,
      Math.max(s.x0, s.x1) + reach,
      Math.max(s.y0, s.y1) + reach,
    );
    const dx = s.x1 - s.x0;
    const dy = s.y1 - s.y0;
    const len2 = dx * dx + dy * dy || 1e-12;
    const far2 = (we + 0.5 * edge) ** 2; // beyond this the coverage is exactly 0
    for (let iy = by0; iy <= by1; iy++) {
      const y = (iy + 0.5) * px - 1;
      for (let ix = bx0; ix <= bx1; ix++) {
        const x = (ix + 0.5) * px - 1;
        const t = clamp01(((x - s.x0) * dx + (y - s.y0) * dy) / len2);
        const ex = x - s.x0 - t * dx;
        const ey = y - s.y0 - t * dy;
        const d2 = ex * ex + ey * ey;
        if (d2 >= far2) continue;
        const cov = smooth01((we - Math.sqrt(d2)) / edge + 0.5) * fade;
        const i = iy * size + ix;
        if (cov > vm[i]) vm[i] = cov;
      }
    }
  }
  for (let i = 0; i < vm.length; i++) {
    const m = vm[i];
    if (m === 0) continue;
    c.r[i] *= 1 - 0.5 * m;
    c.g[i] *= 1 - 0.72 * m;
    c.b[i] *= 1 - 0.6 * m;
  }
}

function spotCoverage(parts: Circle[], soft: number, px: number, x: number, y: number): number {
  let best = 0;
  for (const p of parts) {
    const reff = Math.max(p.r, 0.5 * px);
    const scale = (p.r / reff) ** 2; // sub-pixel dots fade with their area
    const edge = Math.max(px, soft * 2 * reff);
    const cov = smooth01((reff - Math.sqrt((x - p.x) ** 2 + (y - p.y) ** 2)) / edge + 0.5) * scale;
    if (cov > best) best = cov;
  }
  return best;
}

function paintSpot(c: Canvas, scene: FundusScene, s: Spot): void {
  const { size, px } = c;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const p of s.parts) {
    const reach = Math.max(p.r, 0.5 * px) * (1 + s.soft) + px;
    x0 = Math.min(x0, p.x - reach);
    y0 = Math.min(y0, p.y - reach);
    x1 = Math.max(x1, p.x + reach);
    y1 = Math.max(y1, p.y + reach);
  }
  // Blend targets are lit like their surroundings, so a yellow exudate near the rim is dimmer.
  const light = vignetteAt(scene, s.parts[0].x, s.parts[0].y) * (scene.base[0] / 0.8);
  const [tr, tg, tb] = s.mode === 'mix' ? s.color.map((v) => v * light) : s.color;
  const [bx0, by0, bx1, by1] = pixelBox(c, x0, y0, x1, y1);
  for (let iy = by0; iy <= by1; iy++) {
    const y = (iy + 0.5) * px - 1;
    for (let ix = bx0; ix <= bx1; ix++) {
      const x = (ix + 0.5) * px - 1;
      const a = s.opacity * spotCoverage(s.parts, s.soft, px, x, y);
      if (a <= 0) continue;
      const i = iy * size + ix;
      if (s.mode === 'mul') {
        c.r[i] *= 1 - a * (1 - tr);
        c.g[i] *= 1 - a * (1 - tg);
        c.b[i] *= 1 - a * (1 - tb);
      } else {
        c.r[i] += a * (tr - c.r[i]);
        c.g[i] += a * (tg - c.g[i]);
        c.b[i] += a * (tb - c.b[i]);
      }
    }
  }
}

/**
 * Renders `scene` as size x size RGB uint8 into `out` at byte `offset` (HWC order).
 * `noiseSeed` drives only the camera noise, which is the one resolution-dependent part.
 */
export function renderScene(scene: FundusScene, size: number, noiseSeed: number, out: Uint8Array, offset = 0): void {
  const n = size * size;
  const c = canvasFor(size);
  paintBase(c, scene);
  paintVessels(c, scene.vessels);
  for (const s of scene.spots) paintSpot(c, scene, s);

  const rng = new Rng(noiseSeed);
  const bg = scene.background;
  const table = NORMAL_TABLE;
  const lowMask = (1 << NORMAL_TABLE_BITS) - 1;
  for (let i = 0; i < n; i++) {
    const m = c.mask[i];
    // Sensor noise is stronger where there is signal; the black surround stays near-black.
    const sd = 255 * scene.noise * (0.25 + 0.75 * m);
    const u1 = rng.uint32();
    const u2 = rng.uint32();
    const o = offset + 3 * i;
    // Uint8Array assignment does not clamp (it wraps), so clamp before rounding.
    out[o] = Math.round(clamp255(255 * (bg + m * (c.r[i] - bg)) + sd * table[u1 & lowMask]));
    out[o + 1] = Math.round(clamp255(255 * (bg + m * (c.g[i] - bg)) + sd * table[u1 >>> 16]));
    out[o + 2] = Math.round(clamp255(255 * (bg + m * (c.b[i] - bg)) + sd * table[u2 & lowMask]));
  }
}
