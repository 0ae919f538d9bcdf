/**
 * Resolution-independent description of one synthetic fundus photo. Coordinates are in
 * "normalised image units": the image spans [-1, 1] on both axes (x right, y down), so the
 * same scene can be rasterised at 32 px or 224 px and show the same content.
 */

export type Rgb = [number, number, number];

/** A straight piece of a vessel polyline; `w` is the half-width. */
export interface VesselSegment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  w: number;
  /** Darkening strength in [0, 1]; veins are darker than arteries. */
  dark: number;
}

export interface Circle {
  x: number;
  y: number;
  r: number;
}

/**
 * A painted spot (lesion or distractor). A spot made of several circles is drawn as their
 * union, so overlapping parts of one haemorrhage do not darken twice.
 */
export interface Spot {
  kind: SpotKind;
  parts: Circle[];
  /** Edge softness as a fraction of the radius (0 = crisp, 1 = very blurry). */
  soft: number;
  opacity: number;
  /** 'mul' multiplies the underlying colour by `color`; 'mix' blends towards `color`. */
  mode: 'mul' | 'mix';
  color: Rgb;
}

export type SpotKind =
  | 'microaneurysm'
  | 'haemorrhage'
  | 'exudate'
  | 'pigment'
  | 'reflection'
  | 'drusen'
  | 'dust';

/** A low-frequency plane wave used for choroidal texture. */
export interface Wave {
  fx: number;
  fy: number;
  phase: number;
  amp: number;
}

export interface FundusScene {
  disc: Circle;
  /** Fundus colour at the centre before vignetting, in [0, 1]. */
  base: Rgb;
  /** Vignette: brightness *= 1 - strength * (r/R)^power. */
  vignette: { strength: number; power: number };
  texture: Wave[];
  /** Choroidal mottling: an n x n lattice of values in [-1, 1], smoothly interpolated. */
  mottle: { n: number; values: Float32Array; amp: number };
  opticDisc: Circle & { color: Rgb; cup: number };
  macula: Circle & { depth: number };
  vessels: VesselSegment[];
  spots: Spot[];
  /** Gray level outside the disc, in [0, 1]. */
  background: number;
  /** Std-dev of per-pixel camera noise, in [0, 1] units. */
  noise: number;
}
