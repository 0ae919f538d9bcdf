import { perThreadScanProgram } from './per-thread-program';
import { FLAT_WORKGROUP, USE_UNIFORMS, wgslProgram, wgslSizes, type WgslProgram } from './program';
import { STATE_UPDATE, type ScanShape } from './scan-shapes';
import { BACKWARD_PRELUDE, backwardDeclarations, backwardLayout, reverseChunkWgsl } from './selective-scan-backward';

/**
 * The chunk-parallel form of the scan (MAMBABENCH_WEBGPU_SCAN=chunked): every (row, chunk,
 * channel) works at once, and only a pass of CH steps per (row, channel) stays sequential. It
 * rests on the recurrence being linear: over a chunk, h_end = P h_start + h_local, where h_local
 * is the chunk run from h = 0 and P = prod_t exp(dt_t A) = exp(A sum_t dt_t) (a non-positive
 * exponent, like every exp here). The backward's carry a_t G_t is linear in the same way, with
 * the same P. The price is memory: per-chunk partials of (B, CH, D, N), and chunks short enough
 * (T fixed at CHUNKED_INTERVAL) for each thread to keep its chunk's states in registers.
 */
export const CHUNKED_INTERVAL = 16;

/** Offsets of [partial (B, CH, D, N) | S (B, CH, D)] in the local passes' packed outputs. */
export const chunkPartialSize = (s: ScanShape) => s.B * s.CH * s.D * s.N;

/** Forward, per (row, chunk, channel): the chunk's final state from h = 0, and S = sum dt. */
export function scanChunkLocalProgram(s: ScanShape): WgslProgram {
  return perThreadScanProgram({
    key: 'mambabench_scan_chunk_local', s, over: 'row-chunk-channel', sizes: { SL: s.L, ST: s.T, O_S: chunkPartialSize(s) },
    outputSize: chunkPartialSize(s) + s.B * s.CH * s.D, inputs: ['u', 'delta', 'params', 'bmat'], body: /* wgsl */ `
  var h : array<f32, SN>;
  for (var n = 0u; n < SN; n++) { h[n] = 0.0; }
  var sum = 0.0;
  let t1 = min(SL, (c + 1u) * ST);
  for (var t = c * ST; t < t1; t++) {
    let xo = (b * SL + t) * SD + d;
    let dt = delta[xo];
    let dtu = dt * u[xo];
    let bo = (b * SL + t) * SN;
    sum += dt;
    for (var n = 0u; n < SN; n++) { ${STATE_UPDATE} }
  }
  for (var n = 0u; n < SN; n++) { result[idx * SN + n] = h[n]; }
  result[O_S + idx] = sum;`,
  });
}

/** Backward, per (row, chunk, channel): the carry a_t0 G_t0 the chunk passes on when nothing comes after it, and S. */
export function scanChunkGradCarryProgram(s: ScanShape): WgslProgram {
  return perThreadScanProgram({
    key: 'mambabench_scan_chunk_grad_carry', s, over: 'row-chunk-channel', sizes: { SL: s.L, ST: s.T, O_S: chunkPartialSize(s) },
    outputSize: chunkPartialSize(s) + s.B * s.CH * s.D, inputs: ['delta', 'params', 'cmat', 'dy'], body: /* wgsl */ `
  var carry : array<f32, SN>;
  for (var n = 0u; n < SN; n++) { carry[n] = 0.0; }
  var sum = 0.0;
  let t0 = c * ST;
  let len = min(SL, t0 + ST) - t0;
  for (var k = 0u; k < len; k++) {
    let t = t0 + len - 1u - k;
    let xo = (b * SL + t) * SD + d;
    let dt = delta[xo];
    let dyt = dy[xo];
    let bo = (b * SL + t) * SN;
    sum += dt;
    for (var n = 0u; n < SN; n++) { carry[n] = exp(dt * a[n]) * (dyt * cmat[bo + n] + carry[n]); }
  }
  for (var n = 0u; n < SN; n++) { result[idx * SN + n] = carry[n]; }
  result[O_S + idx] = sum;`,
  });
}

/**
 * Per (row, channel), over the chunks in order (forward: the states before each chunk) or in
 * reverse (backward: the carry entering each chunk from the later ones): out_c = x, then
 * x = exp(A S_c) x + partial_c. Output (B, CH, D, N).
 */
export function scanChunkCombineProgram(s: ScanShape, reverse: boolean): WgslProgram {
  return perThreadScanProgram({
    key: `mambabench_scan_chunk_combine_${reverse ? 'reverse' : 'forward'}`, s, over: 'row-channel', sizes: { O_S: chunkPartialSize(s) },
    outputSize: chunkPartialSize(s), inputs: ['params', 'packed'], body: /* wgsl */ `
  var x : array<f32, SN>;
  for (var n = 0u; n < SN; n++) { x[n] = 0.0; }
  for (var k = 0u; k < SCH; k++) {
    let c = ${reverse ? 'SCH - 1u - k' : 'k'};
    let row = (b * SCH + c) * SD + d;
    let sum = packed[O_S + row];
    for (var n = 0u; n < SN; n++) {
      result[row * SN + n] = x[n];
      x[n] = exp(a[n] * sum) * x[n] + packed[row * SN + n];
    }
  }`,
  });
}

/**
 * Backward over every (row, chunk, group of 64 channels) at once: the sequential kernel's chunk
 * walk (reverseChunkWgsl), started from the carry the reverse combine computed for the chunk
 * and with the chunk's states in registers. `stc` = [states | carry into each chunk].
 */
export function scanChunkBackwardProgram(s: ScanShape): WgslProgram {
  const o = backwardLayout(s, true);
  const sizes = {
    SL: s.L, SD: s.D, ST: s.T, SCH: s.CH, SG: o.G, O_CIN: chunkPartialSize(s),
    O_DU: o.du, O_DDELTA: o.ddelta, O_DB: o.dB, O_DC: o.dC, O_DA: o.dA, O_DD: o.dD,
  };
  const code = /* wgsl */ `
${backwardDeclarations(s.N)}
var<workgroup> chunkLength : u32;
${FLAT_WORKGROUP}
fn main(index : i32) {
  ${USE_UNIFORMS}
  ${wgslSizes(sizes)}
  let wg = flatWorkgroup();
  let g = wg % SG;
  let c = (wg / SG) % SCH;
  let b = wg / (SG * SCH);
  ${BACKWARD_PRELUDE}
  var hs : array<f32, ${s.T * s.N}>;
  let so = ((b * SCH + c) * SD + dc) * SN;
  for (var n = 0u; n < SN; n++) { carry[n] = select(0.0, stc[O_CIN + so + n], valid); }
  // The chunk's length bounds the loop around the barriers, so it must be provably uniform:
  // WGSL's analysis cannot see that c (from tfjs's copy of the workgroup id) is.
  if (lid == 0u) { chunkLength = min(SL, c * ST + ST) - c * ST; }
  ${reverseChunkWgsl({ scratch: (i) => `hs[${i}]`, states: 'stc', len: 'workgroupUniformLoad(&chunkLength)' })}
  if (valid) {
    let row = (b * SCH + c) * SD + d;
    for (var n = 0u; n < SN; n++) { result[O_DA + row * SN + n] = dA[n]; }
    result[O_DD + row] = dD;
  }
}
`;
  return wgslProgram({
    key: `mambabench_scan_chunk_backward_t${s.T}_n${s.N}`, sizes, outputShape: [o.size],
    inputs: ['u', 'delta', 'params', 'bmat', 'cmat', 'stc', 'dy'], workgroups: s.B * s.CH * o.G, code,
  });
}
