// Gradients of a depthwise 2-D conv (channel multiplier 1, NHWC), in WebAssembly SIMD.
// AssemblyScript source; built by `npm run build:wasm -w @mambabench/core` into
// packages/core/build/depthwise-conv2d.wasm. The JS side (src/kernels/wasm/depthwise-simd.ts)
// copies tensors in and out. Channels are the SIMD lanes (contiguous in NHWC); requires C % 4 == 0.
//
// The filter gradient walks the output positions once and, per filter tap that lands inside the
// input, accumulates one row of C channels of x * dy into the tap's row; the input gradient
// gathers, per input pixel, the dy * w rows of the taps that reach it. Strides, dilations and
// padding are explicit.

/** dw[kh, kw, c] = sum_{n, oy, ox} x[n, oy*sH + kh*dH - pT, ox*sW + kw*dW - pL, c] * dy[n, oy, ox, c]. */
export function filterGrad(
  N: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32, FH: i32, FW: i32,
  sH: i32, sW: i32, dH: i32, dW: i32, pT: i32, pL: i32,
  x: usize, dy: usize, dw64: usize, block: usize,
): void {
  const taps = FH * FW * C;
  memory.fill(dw64, 0, <usize>taps << 3);
  const rowBytes = <usize>C << 2;
  for (let n = 0; n < N; n++) {
    // Per image in float32, then into the float64 sums: N * OH * OW terms stay accurate.
    memory.fill(block, 0, <usize>taps << 2);
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const dyRow = dy + <usize>((n * OH + oy) * OW + ox) * rowBytes;
        for (let kh = 0; kh < FH; kh++) {
          const iy = oy * sH + kh * dH - pT;
          if (iy < 0 || iy >= H) continue;
          for (let kw = 0; kw < FW; kw++) {
            const ix = ox * sW + kw * dW - pL;
            if (ix < 0 || ix >= W) continue;
            const xRow = x + <usize>((n * H + iy) * W + ix) * rowBytes;
            const acc = block + <usize>(kh * FW + kw) * rowBytes;
            for (let c: usize = 0; c < rowBytes; c += 16) {
              v128.store(acc + c, f32x4.add(v128.load(acc + c), f32x4.mul(v128.load(xRow + c), v128.load(dyRow + c))));
            }
          }
        }
      }
    }
    for (let k = 0; k < taps; k++) {
      const p = dw64 + (<usize>k << 3);
      store<f64>(p, load<f64>(p) + <f64>load<f32>(block + (<usize>k << 2)));
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
