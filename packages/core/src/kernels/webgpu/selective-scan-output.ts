import { perThreadScanProgram } from './per-thread-program';
import type { WgslProgram } from './program';
import { STATE_UPDATE, type ScanShape } from './scan-shapes';

/**
 * Forward pass 2: y_t = C_t . h_t + Dskip * u_t, one thread per (batch row, chunk, channel),
 * each restarting the recurrence from its chunk's checkpoint (pass 1), so all chunks run at once.
 * The update is pass 1's expression, so h is the same sequence. Output: y, flat (B, L, D).
 */
export function scanOutputProgram(s: ScanShape): WgslProgram {
  return perThreadScanProgram({
    key: 'mambabench_scan_output', s, over: 'row-chunk-channel', sizes: { SL: s.L, ST: s.T },
    outputSize: s.B * s.L * s.D, inputs: ['u', 'delta', 'params', 'bmat', 'cmat', 'states'], body: /* wgsl */ `
  var h : array<f32, SN>;
  let so = ((b * SCH + c) * SD + d) * SN;
  for (var n = 0u; n < SN; n++) { h[n] = states[so + n]; }
  let skip = params[SD * SN + d];
  let t1 = min(SL, (c + 1u) * ST);
  for (var t = c * ST; t < t1; t++) {
    let xo = (b * SL + t) * SD + d;
    let dt = delta[xo];
    let ut = u[xo];
    let dtu = dt * ut;
    let bo = (b * SL + t) * SN;
    var y = 0.0;
    for (var n = 0u; n < SN; n++) {
      ${STATE_UPDATE}
      y += cmat[bo + n] * h[n];
    }
    result[xo] = y + skip * ut;
  }`,
  });
}
