// Gradients of a depthwise 2-D conv (channel multiplier 1, NHWC), in WebAssembly SIMD.
// AssemblyScript source; built by `npm run build:wasm -w @mambabench/core` into
// packages/core/build/depthwise-conv2d.{heap,shared}.wasm, which work on tensors where they lie in
// tfjs-backend-wasm's memory (src/kernels/wasm/depthwise-simd.ts passes their byte offsets; no
// allocation here: scratch comes from the caller). Channels are the SIMD lanes (contiguous in
// NHWC); requires C % 4 == 0.
//
// The filter gradient sums x * dy in registers per image, over the output pixels whose taps fall
// inside x (no padded copy); the input gradient gathers, per input pixel, the dy * w rows of the
// taps that reach it. Strides, dilations and padding are explicit.

import { endInside, firstInside } from './tap-range';

/** Adds the four lanes of acc to the float64 sums at p (four consecutive channels). */
@inline
function addLanes(p: usize, acc: v128): void {
  store<f64>(p, load<f64>(p) + <f64>f32x4.extract_lane(acc, 0));
  store<f64>(p + 8, load<f64>(p + 8) + <f64>f32x4.extract_lane(acc, 1));
  store<f64>(p + 16, load<f64>(p + 16) + <f64>f32x4.extract_lane(acc, 2));
  store<f64>(p + 24, load<f64>(p + 24) + <f64>f32x4.extract_lane(acc, 3));
}

/**
 * dw[kh, kw, c] = sum_{n, oy, ox} x[n, oy*sH + kh*dH - pT, ox*sW + kw*dW - pL, c] * dy[n, oy, ox, c]
 * over the output pixels whose tap lands inside x, read where x and dy lie (no padded copy: per
 * tap the output rows and columns that read inside x form a rectangle, worked out up front).
 * 3x3 undilated filters sum all nine taps at once over the rectangle where every tap is inside,
 * then each tap's border bands on their own. Sums stay in registers per image and 4 channels
 * (float32, then added into the float64 dw64: N * OH * OW terms stay accurate).
 * Works on channels [c0, c1) only (multiples of 4), so that threads given disjoint ranges write
 * disjoint sums; each channel's sums run in the same order whatever the range.
 */
export function filterGrad(
  N: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32, FH: i32, FW: i32,
  sH: i32, sW: i32, dH: i32, dW: i32, pT: i32, pL: i32,
  x: usize, dy: usize, dw64: usize, c0: i32, c1: i32,
): void {
  const tapBytes = <usize>C << 3; // one tap's float64 sums
  for (let t = 0; t < FH * FW; t++) memory.fill(dw64 + <usize>t * tapBytes + (<usize>c0 << 3), 0, <usize>(c1 - c0) << 3);
  const cA = <usize>c0 << 2, cB = <usize>c1 << 2; // the range in bytes of a float32 pixel
  if (FH == 3 && FW == 3 && dH == 1 && dW == 1) {
    // Where all taps are inside: rows from tap 0's first to tap 2's end, columns likewise.
    const oyA = firstInside(-pT, sH);
    const oyB = endInside(2 - pT, sH, H, OH);
    const oxA = firstInside(-pL, sW);
    const oxB = endInside(2 - pL, sW, W, OW);
    if (oyA < oyB && oxA < oxB) {
      filterGrad3x3(N, H, W, C, OH, OW, sH, sW, pT, pL, x, dy, dw64, oyA, oyB, oxA, oxB, cA, cB);
      for (let kh = 0; kh < 3; kh++) {
        for (let kw = 0; kw < 3; kw++) {
          const y0 = firstInside(kh - pT, sH), y1 = endInside(kh - pT, sH, H, OH);
          const x0 = firstInside(kw - pL, sW), x1 = endInside(kw - pL, sW, W, OW);
          const sums = dw64 + <usize>(kh * 3 + kw) * tapBytes;
          const dyOff = kh - pT, dxOff = kw - pL;
          tapSums(0, N, H, W, C, OH, OW, sH, sW, dyOff, dxOff, x, dy, sums, y0, oyA, x0, x1, cA, cB); // rows above
          tapSums(0, N, H, W, C, OH, OW, sH, sW, dyOff, dxOff, x, dy, sums, oyB, y1, x0, x1, cA, cB); // rows below
          tapSums(0, N, H, W, C, OH, OW, sH, sW, dyOff, dxOff, x, dy, sums, oyA, oyB, x0, oxA, cA, cB); // left of the middle
          tapSums(0, N, H, W, C, OH, OW, sH, sW, dyOff, dxOff, x, dy, sums, oyA, oyB, oxB, x1, cA, cB); // right of it
        }
      }
      return;
    }
  }
  // Image by image, so that its x and dy stay in cache while every tap passes over them.
  for (let n = 0; n < N; n++) {
    for (let kh = 0; kh < FH; kh++) {
      for (let kw = 0; kw < FW; kw++) {
        const rowOff = kh * dH - pT, colOff = kw * dW - pL;
        const y0 = firstInside(rowOff, sH), y1 = endInside(rowOff, sH, H, OH);
        const x0 = firstInside(colOff, sW), x1 = endInside(colOff, sW, W, OW);
        const sums = dw64 + <usize>(kh * FW + kw) * tapBytes;
        tapSums(n, n + 1, H, W, C, OH, OW, sH, sW, rowOff, colOff, x, dy, sums, y0, y1, x0, x1, cA, cB);
      }
    }
  }
}

/**
 * All nine taps of an undilated 3x3 filter over output rows [oy0, oy1) and columns [ox0, ox1),
 * where every tap is inside x: per output pixel one dy load and nine x loads feed nine
 * accumulators (a read-modify-write of the tap sums per pixel cost twice the loads and stores).
 * Channel bytes [cA, cB) of each pixel.
 */
function filterGrad3x3(
  N: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32, sH: i32, sW: i32, pT: i32, pL: i32,
  x: usize, dy: usize, dw64: usize, oy0: i32, oy1: i32, ox0: i32, ox1: i32, cA: usize, cB: usize,
): void {
  const px = <usize>C << 2;
  const xRowBytes = <usize>W * px;
  const step = <usize>sW * px;
  const columns = <usize>(ox1 - ox0) * px; // dy bytes per row of the rectangle
  for (let n = 0; n < N; n++) {
    for (let c: usize = cA; c < cB; c += 16) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0);
      let a3 = f32x4.splat(0), a4 = f32x4.splat(0), a5 = f32x4.splat(0);
      let a6 = f32x4.splat(0), a7 = f32x4.splat(0), a8 = f32x4.splat(0);
      for (let oy = oy0; oy < oy1; oy++) {
        let r0 = x + <usize>((n * H + oy * sH - pT) * W + ox0 * sW - pL) * px + c;
        let d = dy + <usize>((n * OH + oy) * OW + ox0) * px + c;
        const dEnd = d + columns;
        for (; d < dEnd; d += px, r0 += step) {
          const g = v128.load(d);
          const r1 = r0 + xRowBytes;
          const r2 = r1 + xRowBytes;
          a0 = f32x4.add(a0, f32x4.mul(v128.load(r0), g));
          a1 = f32x4.add(a1, f32x4.mul(v128.load(r0 + px), g));
          a2 = f32x4.add(a2, f32x4.mul(v128.load(r0 + 2 * px), g));
          a3 = f32x4.add(a3, f32x4.mul(v128.load(r1), g));
          a4 = f32x4.add(a4, f32x4.mul(v128.load(r1 + px), g));
          a5 = f32x4.add(a5, f32x4.mul(v128.load(r1 + 2 * px), g));
          a6 = f32x4.add(a6, f32x4.mul(v128.load(r2), g));
          a7 = f32x4.add(a7, f32x4.mul(v128.load(r2 + px), g));
          a8 = f32x4.add(a8, f32x4.mul(v128.load(r2 + 2 * px), g));
        }
      }
      const tap = px << 1; // one tap's float64 row
      const base = dw64 + (c << 1);
      addLanes(base, a0); addLanes(base + tap, a1); addLanes(base + 2 * tap, a2);
      addLanes(base + 3 * tap, a3); addLanes(base + 4 * tap, a4); addLanes(base + 5 * tap, a5);
      addLanes(base + 6 * tap, a6); addLanes(base + 7 * tap, a7); addLanes(base + 8 * tap, a8);
    }
  }
}

/**
 * One tap's sums into `sums` (C float64) over images [n0, n1), output rows [oy0, oy1) and
 * columns [ox0, ox1), all of which read inside x at row oy*sH + rowOff, column ox*sW + colOff. Four channel vectors
 * per pass where the range allows (one accumulator is a serial chain of adds, bound by their
 * latency: the Mamba conv1d's filter gradient ran well behind the old kernel). Channel bytes
 * [cA, cB) of each pixel; a channel's sum runs in the same order in either kind of pass.
 */
function tapSums(
  n0: i32, n1: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32, sH: i32, sW: i32, rowOff: i32, colOff: i32,
  x: usize, dy: usize, sums: usize, oy0: i32, oy1: i32, ox0: i32, ox1: i32, cA: usize, cB: usize,
): void {
  if (oy0 >= oy1 || ox0 >= ox1) return;
  const px = <usize>C << 2;
  const step = <usize>sW * px;
  const columns = <usize>(ox1 - ox0) * px;
  const wide = cA + ((cB - cA) & ~(<usize>63)); // channels handled four vectors at a time
  for (let n = n0; n < n1; n++) {
    for (let c: usize = cA; c < wide; c += 64) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      for (let oy = oy0; oy < oy1; oy++) {
        let r = x + <usize>((n * H + oy * sH + rowOff) * W + ox0 * sW + colOff) * px + c;
        let d = dy + <usize>((n * OH + oy) * OW + ox0) * px + c;
        const dEnd = d + columns;
        for (; d < dEnd; d += px, r += step) {
          a0 = f32x4.add(a0, f32x4.mul(v128.load(r), v128.load(d)));
          a1 = f32x4.add(a1, f32x4.mul(v128.load(r + 16), v128.load(d + 16)));
          a2 = f32x4.add(a2, f32x4.mul(v128.load(r + 32), v128.load(d + 32)));
          a3 = f32x4.add(a3, f32x4.mul(v128.load(r + 48), v128.load(d + 48)));
        }
      }
      const p = sums + (c << 1);
      addLanes(p, a0); addLanes(p + 32, a1); addLanes(p + 64, a2); addLanes(p + 96, a3);
    }
    for (let c: usize = wide; c < cB; c += 16) {
      let acc = f32x4.splat(0);
      for (let oy = oy0; oy < oy1; oy++) {
        let r = x + <usize>((n * H + oy * sH + rowOff) * W + ox0 * sW + colOff) * px + c;
        let d = dy + <usize>((n * OH + oy) * OW + ox0) * px + c;
        const dEnd = d + columns;
        for (; d < dEnd; d += px, r += step) acc = f32x4.add(acc, f32x4.mul(v128.load(r), v128.load(d)));
      }
      addLanes(sums + (c << 1), acc);
    }
  }
}

/**
 * dx[n, iy, ix, c] = sum over the taps (kh, kw) and output positions (oy, ox) with
 * oy*sH + kh*dH - pT = iy and ox*sW + kw*dW - pL = ix of dy[n, oy, ox, c] * w[kh, kw, c].
 * Gathered per input pixel: which (kw, ox) reach each column is worked out once up front and
 * which (kh, oy) reach a row once per row (integer division per pixel and tap cost more than
 * the arithmetic), both as byte offsets. Then each block of 16 channels sums its taps in four
 * registers and is stored once (adding tap by tap into dx loaded and stored dx per tap, and ran
 * well behind the forward conv; the wasm-kernels bench's depthwise table times both). `scratch`
 * holds W * (1 + 2 FW) + 2 FH ints (per column a count and its (w, dy) column offsets; the row's
 * (w, dy) row offsets).
 */
export function inputGrad(
  N: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32, FH: i32, FW: i32,
  sH: i32, sW: i32, dH: i32, dW: i32, pT: i32, pL: i32,
  dy: usize, w: usize, dx: usize, scratch: usize,
): void {
  const rowBytes = <usize>C << 2;
  // Column lists: for column ix, colCount[ix] entries of (kw * C, ox * C) * 4 bytes at cols + (ix * FW + j) * 8.
  const colCount = scratch;
  const cols = colCount + (<usize>W << 2);
  for (let ix = 0; ix < W; ix++) {
    let count = 0;
    for (let kw = 0; kw < FW; kw++) {
      const tx = ix + pL - kw * dW;
      if (tx < 0 || tx % sW != 0 || tx / sW >= OW) continue;
      const e = cols + (<usize>(ix * FW + count) << 3);
      store<u32>(e, <u32>(<usize>kw * rowBytes));
      store<u32>(e + 4, <u32>(<usize>(tx / sW) * rowBytes));
      count++;
    }
    store<i32>(colCount + (<usize>ix << 2), count);
  }
  // Row list: per tap row reaching iy, the address of w's row kh and of dy's row (n, oy).
  const rows = cols + (<usize>(W * FW) << 3);
  for (let n = 0; n < N; n++) {
    for (let iy = 0; iy < H; iy++) {
      let rowCount = 0;
      for (let kh = 0; kh < FH; kh++) {
        const ty = iy + pT - kh * dH;
        if (ty < 0 || ty % sH != 0 || ty / sH >= OH) continue;
        const e = rows + (<usize>rowCount << 3);
        store<u32>(e, <u32>(w + <usize>(kh * FW) * rowBytes));
        store<u32>(e + 4, <u32>(dy + <usize>((n * OH + ty / sH) * OW) * rowBytes));
        rowCount++;
      }
      const rowsEnd = rows + (<usize>rowCount << 3);
      for (let ix = 0; ix < W; ix++) {
        const colList = cols + (<usize>(ix * FW) << 3);
        const colEnd = colList + (<usize>load<i32>(colCount + (<usize>ix << 2)) << 3);
        const dxRow = dx + <usize>((n * H + iy) * W + ix) * rowBytes;
        if (rowCount == 0 || colEnd == colList) {
          memory.fill(dxRow, 0, rowBytes);
          continue;
        }
        let c: usize = 0;
        for (; c + 64 <= rowBytes; c += 64) {
          let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
          for (let r = rows; r < rowsEnd; r += 8) {
            const wRowC = <usize>load<u32>(r) + c;
            const dyRowC = <usize>load<u32>(r + 4) + c;
            for (let e = colList; e < colEnd; e += 8) {
              const wp = wRowC + <usize>load<u32>(e);
              const dp = dyRowC + <usize>load<u32>(e + 4);
              a0 = f32x4.add(a0, f32x4.mul(v128.load(dp), v128.load(wp)));
              a1 = f32x4.add(a1, f32x4.mul(v128.load(dp + 16), v128.load(wp + 16)));
              a2 = f32x4.add(a2, f32x4.mul(v128.load(dp + 32), v128.load(wp + 32)));
              a3 = f32x4.add(a3, f32x4.mul(v128.load(dp + 48), v128.load(wp + 48)));
            }
          }
          v128.store(dxRow + c, a0);
          v128.store(dxRow + c + 16, a1);
          v128.store(dxRow + c + 32, a2);
          v128.store(dxRow + c + 48, a3);
        }
        for (; c < rowBytes; c += 16) {
          let acc = f32x4.splat(0);
          for (let r = rows; r < rowsEnd; r += 8) {
            const wRowC = <usize>load<u32>(r) + c;
            const dyRowC = <usize>load<u32>(r + 4) + c;
            for (let e = colList; e < colEnd; e += 8) {
              acc = f32x4.add(acc, f32x4.mul(v128.load(dyRowC + <usize>load<u32>(e + 4)), v128.load(wRowC + <usize>load<u32>(e))));
            }
          }
          v128.store(dxRow + c, acc);
        }
      }
    }
  }
}
