import { USE_UNIFORMS, WORKGROUP, wgslConsts, wgslSizes, wgslProgram, type WgslProgram } from './program';
import { STATE_UPDATE, type ScanShape } from './scan-shapes';

/**
 * Forward pass 2: y_t = C_t . h_t + Dskip * u_t, one thread per (batch row, chunk, channel),
 * each restarting the recurrence from its chunk's checkpoint (pass 1), so all chunks run at once.
 * The update is pass 1's expression, so h is the same sequence. Output: y, flat (B, L, D).
 */
export function scanOutputProgram(s: ScanShape): WgslProgram {
  const sizes = { SL: s.L, SD: s.D, ST: s.T, SCH: s.CH, STOTAL: s.B * s.CH * s.D };
  const code = /* wgsl */ `
${wgslConsts({ SN: s.N })}
fn main(index : i32) {
  ${USE_UNIFORMS}
  ${wgslSizes(sizes)}
  let idx = u32(index);
  if (idx >= STOTAL) { return; }
  let d = idx % SD;
  let c = (idx / SD) % SCH;
  let b = idx / (SD * SCH);
  var h : array<f32, SN>;
  var a : array<f32, SN>;
  let so = ((b * SCH + c) * SD + d) * SN;
  for (var n = 0u; n < SN; n++) { a[n] = params[d * SN + n]; h[n] = states[so + n]; }
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
  }
}
`;
  return wgslProgram({
    key: `mambabench_scan_output_n${s.N}`, sizes, outputShape: [s.B * s.L * s.D],
    inputs: ['u', 'delta', 'params', 'bmat', 'cmat', 'states'], workgroups: Math.ceil((s.B * s.CH * s.D) / WORKGROUP), code,
  });
}
