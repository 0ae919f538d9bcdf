// Selective scan (Mamba S6) forward and backward for ONE batch row, in WebAssembly SIMD.
// AssemblyScript source; built by `npm run build:wasm -w @mambabench/core` (run by `npm ci`
// through the root `prepare` script) into packages/core/build/selective-scan.wasm.
//
// The JS side (src/ops/selective-scan/wasm-kernel.ts) owns the memory layout: it copies one
// batch row into this module's memory and passes byte offsets. Lanes run over 4 channels d at a
// time, so the state h and A are kept transposed as (N, D): every load is contiguous and the
// output y needs no horizontal sums. Arithmetic is float32 (like mamba_ssm's CUDA kernel); the
// recomputation in backward uses the same operations in the same order as forward, so the
// rebuilt states equal the forward's bit for bit. Requires D % 4 == 0 (checked in JS).
//
// Layouts (f32 unless noted): u, delta, y, du, ddelta: (L, D); Bm, C, dBm, dC: (L, N);
// At: (2, N, D), A transposed and then A log2(e) (the decays'); Dskip: (D); states: (chunks, N, D); dAt, dDskip: f64 accumulators (N, D), (D).

import { exp2NonPositive4 } from './simd-math';

@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/** The decay exp(dt * A) = 2^(dt * A log2 e) of 4 channels' states, from A2 = A log2 e. */
@inline function decayOf(A2: usize, dt: v128): v128 {
  return exp2NonPositive4(f32x4.mul(dt, v128.load(A2)));
}

/** One state update of 4 channels, h = a * h + dtu * b, stored at h and returned. */
@inline function updateState(h: usize, a: v128, dtu: v128, bn: v128): v128 {
  const hv = f32x4.add(f32x4.mul(a, v128.load(h)), f32x4.mul(dtu, bn));
  v128.store(h, hv);
  return hv;
}

/** updateState, keeping the decay a and a * h_{t-1} of the token for backward. */
@inline function recomputeState(h: usize, a: v128, decay: usize, decayedPrev: usize, dtu: v128, bn: v128): void {
  const ah = f32x4.mul(a, v128.load(h));
  v128.store(decay, a);
  v128.store(decayedPrev, ah);
  v128.store(h, f32x4.add(ah, f32x4.mul(dtu, bn)));
}

@inline function splatAt(p: usize): v128 {
  return f32x4.splat(load<f32>(p));
}

// The channel loops below take 8 channels (two vectors) at a time while they can, then a last 4,
// and the state loop two states at a time: one broadcast of B and C serves both vectors, and
// four independent exps side by side keep the CPU busy where one exp's chain of dependent
// operations left it waiting (forward about 1.8x one vector and one state at a time). Every
// lane's arithmetic and each sum's order are the same either way, so the bits are too
// (wasm-kernel.pinned.test.ts).

/** Forward over L tokens; writes y and the state before every T-th token into `states`. */
export function forward(
  L: i32, D: i32, N: i32, T: i32,
  u: usize, delta: usize, At: usize, Bm: usize, C: usize, Dskip: usize,
  y: usize, states: usize, h: usize,
): void {
  const DN = <usize>(D * N) << 2;
  const A2 = At + DN;
  memory.fill(h, 0, DN);
  let chunk: usize = 0;
  for (let t = 0; t < L; t++) {
    if (t % T == 0) {
      memory.copy(states + chunk * DN, h, DN);
      chunk++;
    }
    const xo = <usize>(t * D) << 2;
    const so = <usize>(t * N) << 2;
    let d = 0;
    for (; d + 8 <= D; d += 8) {
      const o = xo + (<usize>d << 2);
      const dt0 = v128.load(delta + o), dt1 = v128.load(delta + o + 16);
      const ud0 = v128.load(u + o), ud1 = v128.load(u + o + 16);
      const dtu0 = f32x4.mul(dt0, ud0), dtu1 = f32x4.mul(dt1, ud1);
      let acc0 = f32x4.splat(0), acc1 = f32x4.splat(0);
      let n = 0;
      for (; n + 2 <= N; n += 2) {
        const k = (<usize>(n * D + d) << 2);
        const k1 = k + (<usize>D << 2);
        const s = so + (<usize>n << 2);
        const bn = splatAt(Bm + s), bn1 = splatAt(Bm + s + 4);
        const cn = splatAt(C + s), cn1 = splatAt(C + s + 4);
        const a00 = decayOf(A2 + k, dt0), a01 = decayOf(A2 + k + 16, dt1);
        const a10 = decayOf(A2 + k1, dt0), a11 = decayOf(A2 + k1 + 16, dt1);
        acc0 = f32x4.add(acc0, f32x4.mul(updateState(h + k, a00, dtu0, bn), cn));
        acc1 = f32x4.add(acc1, f32x4.mul(updateState(h + k + 16, a01, dtu1, bn), cn));
        acc0 = f32x4.add(acc0, f32x4.mul(updateState(h + k1, a10, dtu0, bn1), cn1));
        acc1 = f32x4.add(acc1, f32x4.mul(updateState(h + k1 + 16, a11, dtu1, bn1), cn1));
      }
      if (n < N) {
        const k = (<usize>(n * D + d) << 2);
        const bn = splatAt(Bm + so + (<usize>n << 2));
        const cn = splatAt(C + so + (<usize>n << 2));
        const a0 = decayOf(A2 + k, dt0), a1 = decayOf(A2 + k + 16, dt1);
        acc0 = f32x4.add(acc0, f32x4.mul(updateState(h + k, a0, dtu0, bn), cn));
        acc1 = f32x4.add(acc1, f32x4.mul(updateState(h + k + 16, a1, dtu1, bn), cn));
      }
      v128.store(y + o, f32x4.add(acc0, f32x4.mul(v128.load(Dskip + (<usize>d << 2)), ud0)));
      v128.store(y + o + 16, f32x4.add(acc1, f32x4.mul(v128.load(Dskip + (<usize>d << 2) + 16), ud1)));
    }
    if (d < D) {
      const o = xo + (<usize>d << 2);
      const dt = v128.load(delta + o);
      const ud = v128.load(u + o);
      const dtu = f32x4.mul(dt, ud);
      let acc = f32x4.splat(0);
      for (let n = 0; n < N; n++) {
        const k = (<usize>(n * D + d) << 2);
        acc = f32x4.add(acc, f32x4.mul(updateState(h + k, decayOf(A2 + k, dt), dtu, splatAt(Bm + so + (<usize>n << 2))), splatAt(C + so + (<usize>n << 2))));
      }
      v128.store(y + o, f32x4.add(acc, f32x4.mul(v128.load(Dskip + (<usize>d << 2)), ud)));
    }
  }
}

/**
 * Re-runs forward over `len` tokens from token t0, starting from the state in h, and stores per
 * token i the decay a (decay + i*DN) and a * h_{t-1} (decayedPrev + i*DN).
 */
function recomputeChunk(
  t0: i32, len: i32, D: i32, N: i32,
  u: usize, delta: usize, At: usize, Bm: usize, h: usize, decay: usize, decayedPrev: usize,
): void {
  const DN = <usize>(D * N) << 2;
  const A2 = At + DN;
  for (let i = 0; i < len; i++) {
    const xo = <usize>((t0 + i) * D) << 2;
    const so = <usize>((t0 + i) * N) << 2;
    const da = decay + <usize>i * DN;
    const dp = decayedPrev + <usize>i * DN;
    let d = 0;
    for (; d + 8 <= D; d += 8) {
      const o = xo + (<usize>d << 2);
      const dt0 = v128.load(delta + o), dt1 = v128.load(delta + o + 16);
      const dtu0 = f32x4.mul(dt0, v128.load(u + o)), dtu1 = f32x4.mul(dt1, v128.load(u + o + 16));
      let n = 0;
      for (; n + 2 <= N; n += 2) {
        const k = (<usize>(n * D + d) << 2);
        const k1 = k + (<usize>D << 2);
        const bn = splatAt(Bm + so + (<usize>n << 2)), bn1 = splatAt(Bm + so + (<usize>n << 2) + 4);
        const a00 = decayOf(A2 + k, dt0), a01 = decayOf(A2 + k + 16, dt1);
        const a10 = decayOf(A2 + k1, dt0), a11 = decayOf(A2 + k1 + 16, dt1);
        recomputeState(h + k, a00, da + k, dp + k, dtu0, bn);
        recomputeState(h + k + 16, a01, da + k + 16, dp + k + 16, dtu1, bn);
        recomputeState(h + k1, a10, da + k1, dp + k1, dtu0, bn1);
        recomputeState(h + k1 + 16, a11, da + k1 + 16, dp + k1 + 16, dtu1, bn1);
      }
      if (n < N) {
        const k = (<usize>(n * D + d) << 2);
        const bn = splatAt(Bm + so + (<usize>n << 2));
        const a0 = decayOf(A2 + k, dt0), a1 = decayOf(A2 + k + 16, dt1);
        recomputeState(h + k, a0, da + k, dp + k, dtu0, bn);
        recomputeState(h + k + 16, a1, da + k + 16, dp + k + 16, dtu1, bn);
      }
    }
    if (d < D) {
      const o = xo + (<usize>d << 2);
      const dt = v128.load(delta + o);
      const dtu = f32x4.mul(dt, v128.load(u + o));
      for (let n = 0; n < N; n++) {
        const k = (<usize>(n * D + d) << 2);
        recomputeState(h + k, decayOf(A2 + k, dt), da + k, dp + k, dtu, splatAt(Bm + so + (<usize>n << 2)));
      }
    }
  }
}

/**
 * Backward over L tokens. With G_t = dL/dh_t, we carry a_t * G_t backwards (see backward.ts of
 * the JS kernel for the derivation). Parameter gradients accumulate in float32 within a chunk
 * and are added to the float64 accumulators dAt / dDskip once per chunk, which keeps the
 * float32 sums short (<= T terms per batch row). When dAchunks is not 0, each chunk's float32
 * sums are also kept there (dAchunks (chunks, N, D), dDchunks (chunks, D)), so that a caller
 * that splits the rows over threads can add them up in this function's order.
 */
export function backward(
  L: i32, D: i32, N: i32, T: i32,
  u: usize, delta: usize, At: usize, Bm: usize, C: usize, Dskip: usize, states: usize, dy: usize,
  du: usize, ddelta: usize, dBm: usize, dC: usize, dAt: usize, dDskip: usize,
  h: usize, decay: usize, decayedPrev: usize, carry: usize, dAchunk: usize, dDchunk: usize, gB: usize, gC: usize,
  dAchunks: usize, dDchunks: usize,
): void {
  const DN = <usize>(D * N) << 2;
  const chunks = (L + T - 1) / T;
  memory.fill(carry, 0, DN);
  for (let c = chunks - 1; c >= 0; c--) {
    const t0 = c * T;
    const len = min(L, t0 + T) - t0;
    memory.copy(h, states + <usize>c * DN, DN);
    recomputeChunk(t0, len, D, N, u, delta, At, Bm, h, decay, decayedPrev);
    memory.fill(dAchunk, 0, DN);
    memory.fill(dDchunk, 0, <usize>D << 2);
    for (let i = len - 1; i >= 0; i--) {
      const xo = <usize>((t0 + i) * D) << 2;
      const so = <usize>((t0 + i) * N) << 2;
      const io = <usize>i * DN;
      memory.fill(gB, 0, <usize>N << 4);
      memory.fill(gC, 0, <usize>N << 4);
      for (let d = 0; d < D; d += 4) {
        const dOff = <usize>d << 2;
        const dyd = v128.load(dy + xo + dOff);
        const dt = v128.load(delta + xo + dOff);
        const ud = v128.load(u + xo + dOff);
        const dtu = f32x4.mul(dt, ud);
        let accLA = f32x4.splat(0);
        let accGB = f32x4.splat(0);
        for (let n = 0; n < N; n++) {
          const k = (<usize>(n * D) << 2) + dOff;
          const nOff = <usize>n << 2;
          const nVec = <usize>n << 4;
          const bn = f32x4.splat(load<f32>(Bm + so + nOff));
          const g = f32x4.add(f32x4.mul(dyd, f32x4.splat(load<f32>(C + so + nOff))), v128.load(carry + k));
          const ah = v128.load(decayedPrev + io + k);
          const dl = f32x4.mul(g, ah);
          v128.store(carry + k, f32x4.mul(v128.load(decay + io + k), g));
          v128.store(dAchunk + k, f32x4.add(v128.load(dAchunk + k), f32x4.mul(dl, dt)));
          accLA = f32x4.add(accLA, f32x4.mul(dl, v128.load(At + k)));
          accGB = f32x4.add(accGB, f32x4.mul(g, bn));
          v128.store(gB + nVec, f32x4.add(v128.load(gB + nVec), f32x4.mul(g, dtu)));
          // ah + dtu*bn is h_t exactly as forward computed it.
          v128.store(gC + nVec, f32x4.add(v128.load(gC + nVec), f32x4.mul(dyd, f32x4.add(ah, f32x4.mul(dtu, bn)))));
        }
        v128.store(ddelta + xo + dOff, f32x4.add(accLA, f32x4.mul(ud, accGB)));
        v128.store(du + xo + dOff, f32x4.add(f32x4.mul(dt, accGB), f32x4.mul(dyd, v128.load(Dskip + dOff))));
        v128.store(dDchunk + dOff, f32x4.add(v128.load(dDchunk + dOff), f32x4.mul(dyd, ud)));
      }
      for (let n = 0; n < N; n++) {
        store<f32>(dBm + so + (<usize>n << 2), hsum(v128.load(gB + (<usize>n << 4))));
        store<f32>(dC + so + (<usize>n << 2), hsum(v128.load(gC + (<usize>n << 4))));
      }
    }
    if (dAchunks != 0) {
      memory.copy(dAchunks + <usize>c * DN, dAchunk, DN);
      memory.copy(dDchunks + (<usize>(c * D) << 2), dDchunk, <usize>D << 2);
    }
    for (let k = 0; k < D * N; k++) {
      const p = dAt + (<usize>k << 3);
      store<f64>(p, load<f64>(p) + <f64>load<f32>(dAchunk + (<usize>k << 2)));
    }
    for (let d = 0; d < D; d++) {
      const p = dDskip + (<usize>d << 3);
      store<f64>(p, load<f64>(p) + <f64>load<f32>(dDchunk + (<usize>d << 2)));
    }
  }
}

// Batch-row loops for the heap builds (build/selective-scan.{heap,shared}.wasm), which work on
// tfjs-backend-wasm's memory: u, delta, y, du, ddelta are (B, L, D); Bm, C, dBm, dC (B, L, N);
// states (B, chunks, N, D). Rows [b0, b1) are one chunk of a call that the backend's threads
// share (src/wasm/heap-pool.ts); h and the backward's scratch belong to the chunk. The backward
// keeps every (row, chunk)'s float32 parameter-gradient sums (dAchunks (B, chunks, N, D),
// dDchunks (B, chunks, D)); the caller adds them up in the one-row-at-a-time order, so the
// result is the own-memory kernel's, bit for bit, however the rows were shared out.

/** forward() for rows [b0, b1). */
export function forwardRows(
  b0: i32, b1: i32, L: i32, D: i32, N: i32, T: i32,
  u: usize, delta: usize, At: usize, Bm: usize, C: usize, Dskip: usize,
  y: usize, states: usize, h: usize,
): void {
  const rowX = <usize>(L * D) << 2;
  const rowS = <usize>(L * N) << 2;
  const rowStates = (<usize>((L + T - 1) / T) * <usize>(D * N)) << 2;
  for (let b = b0; b < b1; b++) {
    const x = <usize>b * rowX;
    const s = <usize>b * rowS;
    forward(L, D, N, T, u + x, delta + x, At, Bm + s, C + s, Dskip, y + x, states + <usize>b * rowStates, h);
  }
}

/** backward() for rows [b0, b1); dAt / dDskip are the chunk's own (unused) accumulators. */
export function backwardRows(
  b0: i32, b1: i32, L: i32, D: i32, N: i32, T: i32,
  u: usize, delta: usize, At: usize, Bm: usize, C: usize, Dskip: usize, states: usize, dy: usize,
  du: usize, ddelta: usize, dBm: usize, dC: usize, dAchunks: usize, dDchunks: usize, dAt: usize, dDskip: usize,
  h: usize, decay: usize, decayedPrev: usize, carry: usize, dAchunk: usize, dDchunk: usize, gB: usize, gC: usize,
): void {
  const chunks = <usize>((L + T - 1) / T);
  const rowX = <usize>(L * D) << 2;
  const rowS = <usize>(L * N) << 2;
  const rowStates = (chunks * <usize>(D * N)) << 2;
  const rowD = (chunks * <usize>D) << 2;
  for (let b = b0; b < b1; b++) {
    const x = <usize>b * rowX;
    const s = <usize>b * rowS;
    backward(L, D, N, T, u + x, delta + x, At, Bm + s, C + s, Dskip, states + <usize>b * rowStates, dy + x,
      du + x, ddelta + x, dBm + s, dC + s, dAt, dDskip, h, decay, decayedPrev, carry, dAchunk, dDchunk, gB, gC,
      dAchunks + <usize>b * rowStates, dDchunks + <usize>b * rowD);
  }
}

/**
 * Index of the first of n float32 values at p that is < 0, or -1: the op's check that delta is a
 * softplus output (-0 and NaN pass, as in JS). Four at a time; a vector with a hit is searched
 * again lane by lane for the first.
 */
export function firstNegative(p: usize, n: i32): i32 {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    if (v128.any_true(f32x4.lt(v128.load(p + (<usize>i << 2)), zero))) break;
  }
  for (; i < n; i++) {
    if (load<f32>(p + (<usize>i << 2)) < 0) return i;
  }
  return -1;
}

/**
 * Adds the backward's per-(row, chunk) float32 sums (rows, chunks, width at `parts`) in float64,
 * rows in turn and each from its last chunk back (the one-row kernel's order), into `total`
 * (width f64, zeroed here), then rounds each once into `out` (width f32).
 */
export function sumChunks(parts: usize, rows: i32, chunks: i32, width: i32, total: usize, out: usize): void {
  memory.fill(total, 0, <usize>width << 3);
  for (let r = 0; r < rows; r++) {
    for (let c = chunks - 1; c >= 0; c--) {
      const at = parts + (<usize>((r * chunks + c) * width) << 2);
      for (let k = 0; k < width; k++) {
        const t = total + (<usize>k << 3);
        store<f64>(t, load<f64>(t) + <f64>load<f32>(at + (<usize>k << 2)));
      }
    }
  }
  for (let k = 0; k < width; k++) store<f32>(out + (<usize>k << 2), <f32>load<f64>(total + (<usize>k << 3)));
}
