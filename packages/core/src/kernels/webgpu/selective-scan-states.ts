import { USE_UNIFORMS, WORKGROUP, wgslConsts, wgslSizes, wgslProgram, type WgslProgram } from './program';
import { STATE_UPDATE, type ScanShape } from './scan-shapes';

/**
 * Forward pass 1 of the selective scan: one thread per (batch row, channel) runs the recurrence
 * h_t = exp(delta_t * A) * h_{t-1} + delta_t * u_t * B_t over all L tokens, its N states in
 * registers, and stores h at the start of every chunk of T tokens. Those checkpoints let pass 2
 * (the outputs) run every chunk in parallel and the backward recompute one chunk at a time:
 * memory stays O(B * L/T * D * N), as in the wasm kernel. Output: states, flat (B, CH, D, N).
 */
export function scanStatesProgram(s: ScanShape): WgslProgram {
  const sizes = { SL: s.L, SD: s.D, ST: s.T, SCH: s.CH, SBD: s.B * s.D };
  const code = /* wgsl */ `
${wgslConsts({ SN: s.N })}
fn main(index : i32) {
  ${USE_UNIFORMS}
  ${wgslSizes(sizes)}
  let idx = u32(index);
  if (idx >= SBD) { return; }
  let b = idx / SD;
  let d = idx % SD;
  var h : array<f32, SN>;
  var a : array<f32, SN>;
  for (var n = 0u; n < SN; n++) { a[n] = params[d * SN + n]; h[n] = 0.0; }
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
  }
}
`;
  return wgslProgram({
    key: `mambabench_scan_states_n${s.N}`, sizes, outputShape: [s.B * s.CH * s.D * s.N],
    inputs: ['u', 'delta', 'params', 'bmat'], workgroups: Math.ceil((s.B * s.D) / WORKGROUP), code,
  });
}
