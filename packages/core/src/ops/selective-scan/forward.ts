import { assertValidInterval, numChunks } from './scan-state-spacing';
import { expNonPositive } from './exp';
import type { ScanDims, ScanForwardResult, ScanInputs } from './types';

/**
 * Forward selective scan on typed arrays (JS reference kernel).
 *
 *   h_t = exp(delta_t * A) * h_{t-1} + delta_t * u_t * Bm_t,   y_t = h_t . C_t + Dskip * u_t
 *
 * The state lives in one float64 (D,N) buffer per batch row; only every `interval`-th state is
 * copied out (to checkpoints) so backward can recompute a chunk instead of us storing B*L*D*N.
 * Precondition (checked by the op): delta >= 0 and A <= 0, so exp's argument is never positive.
 */
export function scanForward(dims: ScanDims, inputs: ScanInputs, interval: number): ScanForwardResult {
  assertValidInterval(interval);
  const { batch: B, length: L, dim: D, state: N } = dims;
  const { u, delta, Bm, C, Dskip } = inputs;
  const DN = D * N;
  const chunks = numChunks(L, interval);
  const states = new Float64Array(B * chunks * DN);
  const y = new Float32Array(B * L * D);
  // A promoted once so the inner loop does no float32 -> double conversions on it.
  const A = Float64Array.from(inputs.A);
  const h = new Float64Array(DN);

  for (let b = 0; b < B; b++) {
    h.fill(0);
    for (let t = 0, c = 0, next = 0; t < L; t++) {
      if (t === next) {
        states.set(h, (b * chunks + c) * DN);
        c++;
        next += interval;
      }
      const xo = (b * L + t) * D;
      const so = (b * L + t) * N;
      for (let d = 0; d < D; d++) {
        const dt = delta[xo + d];
        const ud = u[xo + d];
        const dtu = dt * ud;
        const ko = d * N;
        let acc = 0;
        for (let n = 0; n < N; n++) {
          const k = ko + n;
          const hv = expNonPositive(dt * A[k]) * h[k] + dtu * Bm[so + n];
          h[k] = hv;
          acc += hv * C[so + n];
        }
        y[xo + d] = acc + Dskip[d] * ud;
      }
    }
  }
  return { y, checkpoints: { interval, numChunks: chunks, states } };
}
