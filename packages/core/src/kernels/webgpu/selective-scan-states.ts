import { perThreadScanProgram } from './per-thread-program';
import type { WgslProgram } from './program';
import { STATE_UPDATE, type ScanShape } from './scan-shapes';

/**
 * Forward pass 1 of the selective scan: one thread per (batch row, channel) runs the recurrence
 * h_t = exp(delta_t * A) * h_{t-1} + delta_t * u_t * B_t over all L tokens, its N states in
 * registers, and stores h at the start of every chunk of T tokens. Those checkpoints let pass 2
 * (the outputs) run every chunk in parallel and the backward recompute one chunk at a time:
 * memory stays O(B * L/T * D * N), as in the wasm kernel. Output: states, flat (B, CH, D, N).
 */
export function scanStatesProgram(s: ScanShape): WgslProgram {
  return perThreadScanProgram({
    key: 'mambabench_scan_states', s, over: 'row-channel', sizes: { SL: s.L, ST: s.T },
    outputSize: s.B * s.CH * s.D * s.N, inputs: ['u', 'delta', 'params', 'bmat'], body: /* wgsl */ `
  var h : array<f32, SN>;
  for (var n = 0u; n < SN; n++) { h[n] = 0.0; }
  for (var c = 0u; c < SCH; c++) {
    let so = ((b * SCH + c) * SD + d) * SN;
    for (var n = 0u; n < SN; n++) { result[so + n] = h[n]; }
    let t1 = min(SL, (c + 1u) * ST);
    for (var t = c * ST; t < t1; t++) {
      let xo = (b * SL + t) * SD + d;
      let dt = delta[xo];
      let dtu = dt * u[xo];
      let bo = (b * SL + t) * SN;
      for (var n = 0u; n < SN; n++) { ${STATE_UPDATE} }
    }
  }`,
  });
}
