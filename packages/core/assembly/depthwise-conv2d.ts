// Gradients of a depthwise 2-D conv (channel multiplier 1, NHWC), in WebAssembly SIMD.
// AssemblyScript source; built by `npm run build:wasm -w @mambabench/core` into
// packages/core/build/depthwise-conv2d.wasm. The JS side (src/kernels/wasm/depthwise-simd.ts)
// copies tensors in and out. Channels are the SIMD lanes (contiguous in NHWC); requires C % 4 == 0.
//
// The filter gradient sums x * dy over each image in registers, on x padded by the caller; the input gradient
// gathers, per input pixel, the dy * w rows of the taps that reach it. Strides, dilations and
// padding are explicit.

/** Adds the four lanes of acc to the float64 sums at p (four consecutive channels). */
@inline
function addLanes(p: usize, acc: v128): void {
  store<f64>(p, load<f64>(p) + <f64>f32x4.extract_lane(acc, 0));
  store<f64>(p + 8, load<f64>(p + 8) + <f64>f32x4.extract_lane(acc, 1));
  store<f64>(p + 16, load<f64>(p + 16) + <f64>f32x4.extract_lane(acc, 2));
  store<f64>(p + 24, load<f64>(p + 24) + <f64>f32x4.extract_lane(acc, 3));
}

/**
 * dw[kh, kw, c] = sum_{n, oy, ox} xp[n, oy*sH + kh*dH, ox*sW + kw*dW, c] * dy[n, oy, ox, c], where
 * xp is x already padded (or cropped) by the caller so that every tap lands inside it: no bounds
 * tests in the loops. Per image and 4 channels, the sums over all output pixels stay in
 * registers (float32, then added into the float64 dw64: N * OH * OW terms stay accurate).
 */
export function filterGrad(
  N: i32, Hp: i32, Wp: i32, C: i32, OH: i32, OW: i32, FH: i32, FW: i32,
  sH: i32, sW: i32, dH: i32, dW: i32,
  xp: usize, dy: usize, dw64: usize,
): void {
  memory.fill(dw64, 0, <usize>(FH * FW * C) << 3);
  if (FH == 3 && FW == 3 && dH == 1 && dW == 1) filterGrad3x3(N, Hp, Wp, C, OH, OW, sH, sW, xp, dy, dw64);
  else filterGradTapwise(N, Hp, Wp, C, OH, OW, FH, FW, sH, sW, dH, dW, xp, dy, dw64);
}

/**
 * All nine taps at once: per output pixel, one dy load and nine x loads feed nine accumulators
 * (a read-modify-write of the tap sums per pixel cost twice the loads and stores).
 */
function filterGrad3x3(
  N: i32, Hp: i32, Wp: i32, C: i32, OH: i32, OW: i32, sH: i32, sW: i32,
  xp: usize, dy: usize, dw64: usize,
): void {
  const px = <usize>C << 2;
  const xRowBytes = <usize>Wp * px;
  const step = <usize>sW * px;
  for (let n = 0; n < N; n++) {
    for (let c: usize = 0; c < px; c += 16) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0);
      let a3 = f32x4.splat(0), a4 = f32x4.splat(0), a5 = f32x4.splat(0);
      let a6 = f32x4.splat(0), a7 = f32x4.splat(0), a8 = f32x4.splat(0);
      for (let oy = 0; oy < OH; oy++) {
        let r0 = xp + <usize>(n * Hp + oy * sH) * xRowBytes + c;
        let d = dy + <usize>((n * OH + oy) * OW) * px + c;
        const dEnd = d + <usize>OW * px;
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
 * Any filter size and dilation: one tap at a time, summed in registers over the image. Four
 * channel vectors per pass where C allows (one accumulator is a serial chain of adds, bound by
 * their latency: the Mamba conv1d's filter gradient ran at half the speed of the old kernel).
 */
function filterGradTapwise(
  N: i32, Hp: i32, Wp: i32, C: i32, OH: i32, OW: i32, FH: i32, FW: i32,
  sH: i32, sW: i32, dH: i32, dW: i32,
  xp: usize, dy: usize, dw64: usize,
): void {
  const px = <usize>C << 2;
  const xRowBytes = <usize>Wp * px;
  const step = <usize>sW * px;
  const wide = px & ~(<usize>63); // channels handled four vectors at a time
  for (let n = 0; n < N; n++) {
    for (let kh = 0; kh < FH; kh++) {
      for (let kw = 0; kw < FW; kw++) {
        const sums = dw64 + (<usize>(kh * FW + kw) * px << 1);
        const tapOrigin = xp + <usize>(n * Hp + kh * dH) * xRowBytes + <usize>(kw * dW) * px;
        for (let c: usize = 0; c < wide; c += 64) {
          let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
          for (let oy = 0; oy < OH; oy++) {
            let r = tapOrigin + <usize>(oy * sH) * xRowBytes + c;
            let d = dy + <usize>((n * OH + oy) * OW) * px + c;
            const dEnd = d + <usize>OW * px;
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
        for (let c: usize = wide; c < px; c += 16) {
          let acc = f32x4.splat(0);
          for (let oy = 0; oy < OH; oy++) {
            let r = tapOrigin + <usize>(oy * sH) * xRowBytes + c;
            let d = dy + <usize>((n * OH + oy) * OW) * px + c;
            const dEnd = d + <usize>OW * px;
            for (; d < dEnd; d += px, r += step) acc = f32x4.add(acc, f32x4.mul(v128.load(r), v128.load(d)));
          }
          addLanes(sums + (c << 1), acc);
        }
      }
    }
  }
}

/**
 * dx[n, iy, ix, c] = sum over the taps (kh, kw) and output positions (oy, ox) with
 * oy*sH + kh*dH - pT = iy and ox*sW + kw*dW - pL = ix of dy[n, oy, ox, c] * w[kh, kw, c].
 * Gathered per input pixel: which (kw, ox) reach each column is worked out once up front and
 * which (kh, oy) reach a row once per row (integer division per pixel and tap cost more than
 * the arithmetic); then the pixel's C-channel row takes its taps one after another while it
 * sits in L1: the first tap stores, the others add, so dx needs no separate zero fill. `scratch` holds
 * W * (1 + 2 FW) + 2 FH ints (per column a count and its (kw, ox) pairs; the row's (kh, oy) pairs).
 */
export function inputGrad(
  N: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32, FH: i32, FW: i32,
  sH: i32, sW: i32, dH: i32, dW: i32, pT: i32, pL: i32,
  dy: usize, w: usize, dx: usize, scratch: usize,
): void {
  const rowBytes = <usize>C << 2;
  // Column lists: for column ix, colCount[ix] entries of (kw, ox) at cols + (ix * FW + j) * 8.
  const colCount = scratch;
  const cols = colCount + (<usize>W << 2);
  for (let ix = 0; ix < W; ix++) {
    let count = 0;
    for (let kw = 0; kw < FW; kw++) {
      const tx = ix + pL - kw * dW;
      if (tx < 0 || tx % sW != 0 || tx / sW >= OW) continue;
      const e = cols + (<usize>(ix * FW + count) << 3);
      store<i32>(e, kw);
      store<i32>(e + 4, tx / sW);
      count++;
    }
    store<i32>(colCount + (<usize>ix << 2), count);
  }
  const rows = cols + (<usize>(W * FW) << 3);
  for (let n = 0; n < N; n++) {
    for (let iy = 0; iy < H; iy++) {
      let rowCount = 0;
      for (let kh = 0; kh < FH; kh++) {
        const ty = iy + pT - kh * dH;
        if (ty < 0 || ty % sH != 0 || ty / sH >= OH) continue;
        store<i32>(rows + (<usize>rowCount << 3), kh);
        store<i32>(rows + (<usize>rowCount << 3) + 4, ty / sH);
        rowCount++;
      }
      for (let ix = 0; ix < W; ix++) {
        const colN = load<i32>(colCount + (<usize>ix << 2));
        const dxRow = dx + <usize>((n * H + iy) * W + ix) * rowBytes;
        if (rowCount == 0 || colN == 0) {
          memory.fill(dxRow, 0, rowBytes);
          continue;
        }
        // The first tap stores, the rest add: the C-channel row stays in L1 while its taps land.
        let first = true;
        for (let r = 0; r < rowCount; r++) {
          const kh = load<i32>(rows + (<usize>r << 3));
          const dyImageRow = dy + <usize>((n * OH + load<i32>(rows + (<usize>r << 3) + 4)) * OW) * rowBytes;
          for (let j = 0; j < colN; j++) {
            const e = cols + (<usize>(ix * FW + j) << 3);
            const dyRow = dyImageRow + <usize>load<i32>(e + 4) * rowBytes;
            const wRow = w + <usize>(kh * FW + load<i32>(e)) * rowBytes;
            if (first) {
              for (let c: usize = 0; c < rowBytes; c += 16) {
                v128.store(dxRow + c, f32x4.mul(v128.load(dyRow + c), v128.load(wRow + c)));
              }
              first = false;
            } else {
              for (let c: usize = 0; c < rowBytes; c += 16) {
                v128.store(dxRow + c, f32x4.add(v128.load(dxRow + c), f32x4.mul(v128.load(dyRow + c), v128.load(wRow + c))));
              }
            }
          }
        }
      }
    }
  }
}
