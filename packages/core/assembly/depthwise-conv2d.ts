// Gradients of a depthwise 2-D conv (channel multiplier 1, NHWC), in WebAssembly SIMD.
// AssemblyScript source; built by `npm run build:wasm -w @mambabench/core` into
// packages/core/build/depthwise-conv2d.wasm. The JS side (src/kernels/wasm/depthwise-simd.ts)
// copies tensors in and out. Channels are the SIMD lanes (contiguous in NHWC); requires C % 4 == 0.
//
// Both loops walk the output positions once and, per filter tap that lands inside the input,
// combine one row of C channels: the filter gradient accumulates x * dy into the tap's row, the
// input gradient scatters dy * w into the input row. Strides, dilations and padding are explicit.

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

/** dx[n, iy, ix, c] = sum over the taps and output positions that read (iy, ix) of dy[n, oy, ox, c] * w[kh, kw, c]. */
export function inputGrad(
  N: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32, FH: i32, FW: i32,
  sH: i32, sW: i32, dH: i32, dW: i32, pT: i32, pL: i32,
  dy: usize, w: usize, dx: usize,
): void {
  const rowBytes = <usize>C << 2;
  memory.fill(dx, 0, <usize>(N * H * W) * rowBytes);
  for (let n = 0; n < N; n++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const dyRow = dy + <usize>((n * OH + oy) * OW + ox) * rowBytes;
        for (let kh = 0; kh < FH; kh++) {
          const iy = oy * sH + kh * dH - pT;
          if (iy < 0 || iy >= H) continue;
          for (let kw = 0; kw < FW; kw++) {
            const ix = ox * sW + kw * dW - pL;
            if (ix < 0 || ix >= W) continue;
            const dxRow = dx + <usize>((n * H + iy) * W + ix) * rowBytes;
            const wRow = w + <usize>(kh * FW + kw) * rowBytes;
            for (let c: usize = 0; c < rowBytes; c += 16) {
              v128.store(dxRow + c, f32x4.add(v128.load(dxRow + c), f32x4.mul(v128.load(dyRow + c), v128.load(wRow + c))));
            }
          }
        }
      }
    }
  }
}
