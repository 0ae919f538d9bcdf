/**
 * One token of the backward recurrence: given the carried a_{t+1} * G_{t+1}, this token's decay
 * a_t and a_t * h_{t-1} (from the chunk recomputation), it writes du, ddelta, dBm, dC for the
 * token, accumulates dA and dDskip, and leaves a_t * G_t in `carry` for token t-1.
 * Split out per token so the N = 8 specialisation (reverse-step-n8.ts) can be swapped in.
 */
export interface ReverseState {
  dim: number;
  state: number;
  // inputs (read only)
  dy: ArrayLike<number>;
  u: ArrayLike<number>;
  delta: ArrayLike<number>;
  Bm: ArrayLike<number>;
  C: ArrayLike<number>;
  Dskip: ArrayLike<number>;
  A: Float64Array;
  // chunk recomputation, per token i: offset i*D*N
  decay: Float64Array; // a_t
  decayedPrev: Float64Array; // a_t * h_{t-1}
  // running state
  carry: Float64Array; // a_{t+1} * G_{t+1}, (D,N)
  dA: Float64Array;
  dDskip: Float64Array;
  // per-token outputs
  du: Float32Array;
  ddelta: Float32Array;
  dBm: Float32Array;
  dC: Float32Array;
  // (N) scratch for the generic step's dBm / dC sums over d
  gB: Float64Array;
  gC: Float64Array;
}

/** xo = token*D, so = token*N (offsets into the (B,L,*) arrays), io = i*D*N into the scratch. */
export type ReverseStep = (s: ReverseState, xo: number, so: number, io: number) => void;

export const reverseStep: ReverseStep = (s, xo, so, io) => {
  const { dim: D, state: N, dy, u, delta, Bm, C, Dskip, A, decay, decayedPrev, carry, dA, gB, gC } = s;
  gB.fill(0);
  gC.fill(0);
  for (let d = 0; d < D; d++) {
    const dyd = dy[xo + d];
    const dt = delta[xo + d];
    const ud = u[xo + d];
    const dtu = dt * ud;
    const ko = d * N;
    let accLA = 0; // sum_n dl * A, dl = dL/d(delta*A) = G * a_t * h_{t-1}
    let accGB = 0; // sum_n G * Bm
    for (let n = 0; n < N; n++) {
      const k = ko + n;
      const bn = Bm[so + n];
      const g = dyd * C[so + n] + carry[k];
      const ah = decayedPrev[io + k];
      const dl = g * ah;
      carry[k] = decay[io + k] * g;
      dA[k] += dl * dt;
      accLA += dl * A[k];
      accGB += g * bn;
      gB[n] += g * dtu;
      gC[n] += dyd * (ah + dtu * bn); // ah + dtu*bn is h_t, exactly as the forward computed it
    }
    s.ddelta[xo + d] = accLA + ud * accGB;
    s.du[xo + d] = dt * accGB + dyd * Dskip[d];
    s.dDskip[d] += dyd * ud;
  }
  for (let n = 0; n < N; n++) {
    s.dBm[so + n] = gB[n];
    s.dC[so + n] = gC[n];
  }
};
