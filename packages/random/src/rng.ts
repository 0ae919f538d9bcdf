import { hashSeed } from './hash-seed.ts';

const TWO_POW_32 = 4294967296;

/**
 * Everything a generator's future draws depend on, as plain JSON (a checkpoint stores it): the
 * 32-bit state and the Box-Muller normal kept for the next normal() call.
 */
export interface RngState {
  state: number;
  spare_normal: number | null;
}

/**
 * The seeded pseudo-random generator of mambabench: weight init, shuffling, dropout masks,
 * augmentation, the synthetic dataset, the report's bootstrap and test data all draw from it,
 * so a run is reproducible from its seed and independent of the backend (no Math.random).
 *
 * mulberry32 (32-bit state, period 2^32) on a state that is the seed passed through hashSeed,
 * so neighbouring seeds (0, 1, 2, ...) start far apart. Its stream is pinned by a test against
 * a plain reference: changing it changes every training run.
 */
export class Rng {
  private state: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`Rng: seed must be a finite number, got ${seed}`);
    this.state = hashSeed(seed);
  }

  /** Uniform 32-bit unsigned integer (the raw mulberry32 output). */
  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1), with 32 bits of randomness. */
  float(): number {
    return this.uint32() / TWO_POW_32;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  /** Integer uniform in [0, n). */
  intBelow(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Integer uniform in [lo, hi], both ends included. */
  intBetween(lo: number, hi: number): number {
    return lo + this.intBelow(hi - lo + 1);
  }

  /**
   * Gaussian by Box-Muller. Each pair of uniforms gives two independent normals; the second is
   * kept (as a standard normal) for the next call, whatever mean and sd that call asks for.
   */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * z;
    }
    let u = 0;
    while (u === 0) u = this.float(); // log(0) is -Infinity
    const v = this.float();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** -1 or +1, each with probability 1/2. */
  sign(): 1 | -1 {
    return this.float() < 0.5 ? -1 : 1;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.intBelow(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** The state to hand to setState to continue this stream exactly from here. */
  getState(): RngState {
    return { state: this.state, spare_normal: this.spareNormal };
  }

  /** Continues the stream a getState() captured (a resumed run's shuffle, augmentation, dropout). */
  setState(saved: RngState): void {
    const { state, spare_normal: spare } = saved ?? ({} as RngState);
    // A fresh generator holds hashSeed's unsigned value, a drawn one the signed `| 0` result.
    if (!Number.isInteger(state) || state < -0x80000000 || state > 0xffffffff) {
      throw new Error(`Rng.setState: state must be a 32-bit integer, got ${JSON.stringify(state)}`);
    }
    if (spare !== null && !Number.isFinite(spare)) {
      throw new Error(`Rng.setState: spare_normal must be a finite number or null, got ${JSON.stringify(spare)}`);
    }
    this.state = state;
    this.spareNormal = spare;
  }

  /** A new generator seeded from this one's next draw, for an independent sub-stream. */
  fork(): Rng {
    return new Rng(this.uint32());
  }
}
