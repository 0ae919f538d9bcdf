/**
 * Test-only seeded inputs. Values are drawn once as float32 and mirrored into float64, so the
 * float32 kernel and the float64 reference see exactly the same numbers.
 */
import { Rng } from '@mambabench/random';
import type { Inputs64 } from './reference64';
import type { ScanDims } from './types';

export interface InputRanges {
  delta?: [number, number];
  A?: [number, number];
}

export interface TestInputs {
  f32: { u: Float32Array; delta: Float32Array; A: Float32Array; Bm: Float32Array; C: Float32Array; Dskip: Float32Array };
  f64: Inputs64;
}

export function makeInputs(dims: ScanDims, seed: number, ranges: InputRanges = {}): TestInputs {
  const { batch: B, length: L, dim: D, state: N } = dims;
  const rng = new Rng(seed);
  const [dLo, dHi] = ranges.delta ?? [0.05, 1.5];
  const [aLo, aHi] = ranges.A ?? [-4, -0.2];
  const draw = (n: number, f: () => number) => Float32Array.from({ length: n }, f);
  const f32 = {
    u: draw(B * L * D, () => rng.normal()),
    delta: draw(B * L * D, () => rng.uniform(dLo, dHi)),
    A: draw(D * N, () => rng.uniform(aLo, aHi)),
    Bm: draw(B * L * N, () => rng.normal()),
    C: draw(B * L * N, () => rng.normal()),
    Dskip: draw(D, () => rng.normal()),
  };
  const f64: Inputs64 = {
    u: Float64Array.from(f32.u),
    delta: Float64Array.from(f32.delta),
    A: Float64Array.from(f32.A),
    Bm: Float64Array.from(f32.Bm),
    C: Float64Array.from(f32.C),
    Dskip: Float64Array.from(f32.Dskip),
  };
  return { f32, f64 };
}

export function randomWeights(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}
