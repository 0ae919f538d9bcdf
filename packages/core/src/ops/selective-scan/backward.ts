import { expNonPositive } from './exp';
import { reverseStep, type ReverseState, type ReverseStep } from './reverse-step';
import { reverseStepN8 } from './reverse-step-n8';
import type { ScanArray, ScanCheckpoints, ScanDims, ScanGrads, ScanInputs } from './types';

/**
 * Backward selective scan on typed arrays (JS reference kernel).
 *
 * With G_t = dL/dh_t (total), the reverse recurrence is G_t = dy_t * C_t + a_{t+1} * G_{t+1}.
 * We carry `a_t * G_t` instead of G_t, so each token only needs its own decay a_t and chunk
 * boundaries need no look-ahead. Per (t,d,n), with l = delta * A and dl = G_t * a_t * h_{t-1}:
 *   ddelta += dl * A + G * u * Bm      dA += dl * delta      du += G * delta * Bm
 *   dBm    += G * delta * u            dC += dy * h_t
 * plus the skip terms du += dy * Dskip and dDskip += dy * u (see reverse-step.ts).
 *
 * Chunks are visited in reverse; each is first re-run forward from its checkpoint, storing per
 * token the decay a_t and the product a_t * h_{t-1} (T*D*N each). h_t is then rebuilt as
 * a_t * h_{t-1} + delta*u*Bm — the forward's exact expression, so it matches bit for bit.
 * Memory stays O(T*D*N); exp runs once per (t,d,n) here.
 */
export function scanBackward(
  dims: ScanDims,
  inputs: ScanInputs,
  checkpoints: ScanCheckpoints,
  dy: ScanArray,
): ScanGrads {
  return scanBackwardWith(dims.state === 8 ? reverseStepN8 : reverseStep, dims, inputs, checkpoints, dy);
}

/** scanBackward with an explicit per-token step (tests pin the generic one against N = 8). */
export function scanBackwardWith(
  step: ReverseStep,
  dims: ScanDims,
  inputs: ScanInputs,
  checkpoints: ScanCheckpoints,
  dy: ScanArray,
): ScanGrads {
  const { batch: B, length: L, dim: D, state: N } = dims;
  const { interval: T, numChunks: chunks, states } = checkpoints;
  const DN = D * N;
  const s: ReverseState = {
    dim: D,
    state: N,
    dy,
    u: inputs.u,
    delta: inputs.delta,
    Bm: inputs.Bm,
    C: inputs.C,
    Dskip: inputs.Dskip,
    A: Float64Array.from(inputs.A),
    decay: new Float64Array(T * DN),
    decayedPrev: new Float64Array(T * DN),
    carry: new Float64Array(DN),
    // Parameter grads sum over B*L terms: accumulate in double, round once at the end.
    dA: new Float64Array(DN),
    dDskip: new Float64Array(D),
    du: new Float32Array(B * L * D),
    ddelta: new Float32Array(B * L * D),
    dBm: new Float32Array(B * L * N),
    dC: new Float32Array(B * L * N),
    gB: new Float64Array(N),
    gC: new Float64Array(N),
  };
  const h = new Float64Array(DN);

  for (let b = 0; b < B; b++) {
    s.carry.fill(0);
    for (let c = chunks - 1; c >= 0; c--) {
      const tok0 = b * L + c * T;
      const len = Math.min(L, c * T + T) - c * T;
      const ckpt = (b * chunks + c) * DN;
      h.set(states.subarray(ckpt, ckpt + DN));
      recomputeChunk(s, h, tok0, len);
      for (let i = len - 1; i >= 0; i--) step(s, (tok0 + i) * D, (tok0 + i) * N, i * DN);
    }
  }
  return {
    du: s.du,
    ddelta: s.ddelta,
    dA: Float32Array.from(s.dA),
    dBm: s.dBm,
    dC: s.dC,
    dDskip: Float32Array.from(s.dDskip),
  };
}

/**
 * Re-runs the forward recurrence over `len` tokens from flat token index `tok0` (= b*L + t0),
 * advancing `h` from the chunk's checkpoint and storing a_t and a_t * h_{t-1} per token.
 */
function recomputeChunk(s: ReverseState, h: Float64Array, tok0: number, len: number): void {
  const { dim: D, state: N, u, delta, Bm, A, decay, decayedPrev } = s;
  const DN = D * N;
  for (let i = 0; i < len; i++) {
    const xo = (tok0 + i) * D;
    const so = (tok0 + i) * N;
    const io = i * DN;
    for (let d = 0; d < D; d++) {
      const dt = delta[xo + d];
      const dtu = dt * u[xo + d];
      const ko = d * N;
      for (let n = 0; n < N; n++) {
        const k = ko + n;
        const a = expNonPositive(dt * A[k]);
        const ah = a * h[k];
        decay[io + k] = a;
        decayedPrev[io + k] = ah;
        h[k] = ah + dtu * Bm[so + n];
      }
    }
  }
}
