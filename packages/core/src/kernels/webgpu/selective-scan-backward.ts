import { FLAT_WORKGROUP, USE_UNIFORMS, WORKGROUP, wgslConsts, wgslSizes, wgslProgram, type WgslProgram } from './program';
import { STATE_UPDATE, type ScanShape } from './scan-shapes';

/** Where each gradient lies in the backward kernel's one packed output (float offsets). */
export interface BackwardLayout {
  /** Channel groups of WORKGROUP channels: dBm and dC come as one partial sum per group. */
  G: number;
  du: number;
  ddelta: number;
  /** Partial dBm (B, L, G, N), summed over G afterwards. */
  dB: number;
  /** Partial dC (B, L, G, N). */
  dC: number;
  /** Per batch row (and chunk, when chunked) dA (rows, D, N), summed over rows afterwards. */
  dA: number;
  /** Per batch row (and chunk) dDskip (rows, D). */
  dD: number;
  /** Per-thread recompute scratch (T, N) x threads: the states of the chunk being reversed. */
  scratch: number;
  size: number;
}

/**
 * `chunked`: one workgroup per chunk (see selective-scan-chunked.ts), so dA and dDskip come per
 * (row, chunk) and the recompute scratch lives in each thread's registers, not in this buffer.
 */
export function backwardLayout(s: ScanShape, chunked = false): BackwardLayout {
  const G = Math.ceil(s.D / WORKGROUP);
  const rows = chunked ? s.B * s.CH : s.B;
  const BLD = s.B * s.L * s.D;
  const BLGN = s.B * s.L * G * s.N;
  const du = 0;
  const ddelta = du + BLD;
  const dB = ddelta + BLD;
  const dC = dB + BLGN;
  const dA = dC + BLGN;
  const dD = dA + rows * s.D * s.N;
  const scratch = dD + rows * s.D;
  const size = scratch + (chunked ? 0 : s.T * s.N * s.B * G * WORKGROUP);
  return { G, du, ddelta, dB, dC, dA, dD, scratch, size };
}

/**
 * WGSL: the backward over one chunk c of batch row b, for the thread's channel: recompute the
 * chunk's states from its checkpoint (`states` at `so`) into scratch, then walk it backwards
 * from `carry`, accumulating into dA, dD and writing du, ddelta and the group's dB / dC partial
 * sums (reduced over the workgroup's channels in `red`). Shared by both backward kernels.
 */
export function reverseChunkWgsl(o: { scratch: (index: string) => string; states: string; len?: string }): string {
  return /* wgsl */ `
    let t0 = c * ST;
    let len = ${o.len ?? 'min(SL, t0 + ST) - t0'};
    for (var n = 0u; n < SN; n++) { h[n] = ${o.states}[so + n]; }
    for (var i = 0u; i < len; i++) {
      let xo = (b * SL + t0 + i) * SD + dc;
      let dt = delta[xo];
      let dtu = dt * u[xo];
      let bo = (b * SL + t0 + i) * SN;
      for (var n = 0u; n < SN; n++) {
        ${STATE_UPDATE}
        ${o.scratch('i * SN + n')} = h[n];
      }
    }
    for (var k = 0u; k < len; k++) {
      let i = len - 1u - k;
      let t = t0 + i;
      let xo = (b * SL + t) * SD + dc;
      let bo = (b * SL + t) * SN;
      let dt = delta[xo];
      let ut = u[xo];
      let dyt = select(0.0, dy[xo], valid);
      var du = dyt * skip;
      var ddl = 0.0;
      dD += dyt * ut;
      for (var n = 0u; n < SN; n++) {
        let ht = ${o.scratch('i * SN + n')};
        var hp = 0.0;
        if (i > 0u) { hp = ${o.scratch('(i - 1u) * SN + n')}; } else { hp = ${o.states}[so + n]; }
        let an = exp(dt * a[n]);
        let gt = dyt * cmat[bo + n] + carry[n];
        let ahp = an * hp;
        ddl += gt * (a[n] * ahp + ut * bmat[bo + n]);
        dA[n] += gt * dt * ahp;
        du += gt * dt * bmat[bo + n];
        red[lid * TWO_N + n] = gt * dt * ut;
        red[lid * TWO_N + SN + n] = dyt * ht;
        carry[n] = an * gt;
      }
      if (valid) {
        result[O_DU + xo] = du;
        result[O_DDELTA + xo] = ddl;
      }
      workgroupBarrier();
      if (lid < TWO_N) {
        var sum = 0.0;
        for (var j = 0u; j < ${WORKGROUP}u; j++) { sum += red[j * TWO_N + lid]; }
        let base = select(O_DC, O_DB, lid < SN);
        result[base + ((b * SL + t) * SG + g) * SN + (lid % SN)] = sum;
      }
      workgroupBarrier();
    }`;
}

/** WGSL: the per-thread setup both backward kernels share (channel, A row, accumulators). */
export const BACKWARD_PRELUDE = /* wgsl */ `
  let lid = localIndex;
  let d = g * ${WORKGROUP}u + lid;
  let valid = d < SD;
  let dc = min(d, SD - 1u);
  var a : array<f32, SN>;
  var carry : array<f32, SN>;
  var dA : array<f32, SN>;
  var h : array<f32, SN>;
  for (var n = 0u; n < SN; n++) { a[n] = params[dc * SN + n]; carry[n] = 0.0; dA[n] = 0.0; }
  let skip = params[SD * SN + dc];
  var dD = 0.0;`;

/** WGSL constants and workgroup memory of both backward kernels. */
export function backwardDeclarations(N: number): string {
  const TWO_N = 2 * N;
  if (TWO_N > WORKGROUP) throw new Error(`selectiveScan on webgpu: d_state ${N} is above the kernels' ${WORKGROUP / 2}`);
  return `${wgslConsts({ SN: N, TWO_N })}\nvar<workgroup> red : array<f32, ${WORKGROUP * TWO_N}>;`;
}

/**
 * Backward selective scan, sequential over chunks. One workgroup per (batch row, group of 64
 * channels), one thread per channel, chunks in reverse: each chunk's states are recomputed from
 * its checkpoint into scratch (in this kernel's output buffer), then tokens are walked backwards
 * carrying a_{t+1} * G_{t+1}, where G_t = dL/dh_t:
 *   G_t = dy_t C_t + a_{t+1} G_{t+1}      du += G dt Bm (+ dy Dskip)
 *   ddelta += G (A a_t h_{t-1} + u Bm)     dA += G dt a_t h_{t-1}
 *   dBm_t = sum_d G dt u                   dC_t = sum_d dy h_t
 * The two sums over channels are reduced in workgroup memory, one partial per group.
 * Same recurrence as the float64 reference (core/src/ops/selective-scan/backward.ts).
 */
export function scanBackwardProgram(s: ScanShape): WgslProgram {
  const o = backwardLayout(s);
  const sizes = {
    SL: s.L, SD: s.D, ST: s.T, SCH: s.CH, SG: o.G,
    THREADS: s.B * o.G * WORKGROUP, O_DU: o.du, O_DDELTA: o.ddelta, O_DB: o.dB, O_DC: o.dC, O_DA: o.dA, O_DD: o.dD, O_SCR: o.scratch,
  };
  const code = /* wgsl */ `
${backwardDeclarations(s.N)}
${FLAT_WORKGROUP}
fn main(index : i32) {
  ${USE_UNIFORMS}
  ${wgslSizes(sizes)}
  let wg = flatWorkgroup();
  let b = wg / SG;
  let g = wg % SG;
  ${BACKWARD_PRELUDE}
  let me = wg * ${WORKGROUP}u + localIndex;
  for (var cc = 0u; cc < SCH; cc++) {
    let c = SCH - 1u - cc;
    let so = ((b * SCH + c) * SD + dc) * SN;
    ${reverseChunkWgsl({ scratch: (i) => `result[O_SCR + (${i}) * THREADS + me]`, states: 'states' })}
  }
  if (valid) {
    for (var n = 0u; n < SN; n++) { result[O_DA + (b * SD + d) * SN + n] = dA[n]; }
    result[O_DD + b * SD + d] = dD;
  }
}
`;
  return wgslProgram({
    key: `mambabench_scan_backward_n${s.N}`, sizes, outputShape: [o.size],
    inputs: ['u', 'delta', 'params', 'bmat', 'cmat', 'states', 'dy'], workgroups: s.B * o.G, code,
  });
}
