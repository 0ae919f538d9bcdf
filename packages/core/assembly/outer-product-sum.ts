// Sums of outer products, out[m, n] += sum_k a[k, m] * b[k, n], for the filter gradients of dense
// convolutions: x^T . dy over pixels, where both operands share their long leading axis. In
// WebAssembly SIMD (AssemblyScript; built by `npm run build:wasm -w @mambabench/core` into
// build/outer-product-sum.{heap,shared}.wasm, which work on tensors where they lie in
// tfjs-backend-wasm's memory). XNNPACK needs one operand transposed and the other packed for
// this (its packing costs time per element); here both are read as they are, a row per k.

import { endInside, firstInside } from './tap-range';

/**
 * Pixels of a and b one block spans. Every 4 x 8 tile of outputs streams the whole block, so the
 * block's a and b must stay in cache across the tiles: 128 pixels of 96 + 384 channels are 240 KiB,
 * within a core's L2. A row longer than this (a linear layer's weight gradient is one row of
 * batch x tokens pixels) is cut into segments; a whole row of 32768 pixels made every tile read
 * it from memory (12 MiB for 32 + 64 channels, ~1.5 GMAC/s).
 */
const BLOCK_PIXELS = 128;

/**
 * out[m, n] += sum over rows r < count, k < K of a_r[k * sa + m] * b_r[k * sb + n], for m < M and
 * n0 <= n < n1, where row r's a_r and b_r are the u32 byte offsets at rows + 8r and rows + 8r + 4
 * (sa, sb: pixel strides in bytes; out's rows hold N floats). Requires M % 4 == 0 and n0, n1,
 * N % 8 == 0. Tiles of 4 x 8 outputs in eight registers: per pixel two vectors of b (eight n)
 * and a's four m, each loaded into all lanes (broadcast loads rather than one load and four
 * shuffles, which compete with the multiplies and adds: the wasm-kernels bench's dW column).
 * A tile's sums stay in registers over a block (several short rows, or a segment of a long one);
 * each output's terms are added in row order, then k order, whatever the blocks.
 */
function accumulateRows(rows: usize, count: i32, sa: usize, sb: usize, K: i32, M: i32, N: i32, n0: i32, n1: i32, out: usize): void {
  const row = <usize>N << 2;
  const perBlock = max(1, BLOCK_PIXELS / K);
  const segment = min(K, BLOCK_PIXELS);
  for (let r0 = 0; r0 < count; r0 += perBlock) {
    const rowsEnd = rows + (<usize>min(count, r0 + perBlock) << 3);
    for (let k0 = 0; k0 < K; k0 += segment) {
      const k1 = min(K, k0 + segment);
      for (let m = 0; m < M; m += 4) {
        for (let n = n0; n < n1; n += 8) {
          const o = out + <usize>(m * N + n) * 4;
          let c00 = v128.load(o), c01 = v128.load(o + 16);
          let c10 = v128.load(o + row), c11 = v128.load(o + row + 16);
          let c20 = v128.load(o + 2 * row), c21 = v128.load(o + 2 * row + 16);
          let c30 = v128.load(o + 3 * row), c31 = v128.load(o + 3 * row + 16);
          for (let r = rows + (<usize>r0 << 3); r < rowsEnd; r += 8) {
            let pa = <usize>load<u32>(r) + (<usize>m << 2) + <usize>k0 * sa;
            let pb = <usize>load<u32>(r + 4) + (<usize>n << 2) + <usize>k0 * sb;
            for (let k = k0; k < k1; k++, pa += sa, pb += sb) {
              const b0 = v128.load(pb);
              const b1 = v128.load(pb + 16);
              const a0 = v128.load32_splat(pa);
              const a1 = v128.load32_splat(pa + 4);
              const a2 = v128.load32_splat(pa + 8);
              const a3 = v128.load32_splat(pa + 12);
              c00 = f32x4.add(c00, f32x4.mul(a0, b0)); c01 = f32x4.add(c01, f32x4.mul(a0, b1));
              c10 = f32x4.add(c10, f32x4.mul(a1, b0)); c11 = f32x4.add(c11, f32x4.mul(a1, b1));
              c20 = f32x4.add(c20, f32x4.mul(a2, b0)); c21 = f32x4.add(c21, f32x4.mul(a2, b1));
              c30 = f32x4.add(c30, f32x4.mul(a3, b0)); c31 = f32x4.add(c31, f32x4.mul(a3, b1));
            }
          }
          v128.store(o, c00); v128.store(o + 16, c01);
          v128.store(o + row, c10); v128.store(o + row + 16, c11);
          v128.store(o + 2 * row, c20); v128.store(o + 2 * row + 16, c21);
          v128.store(o + 3 * row, c30); v128.store(o + 3 * row + 16, c31);
        }
      }
    }
  }
}

/**
 * The filter gradient of a dense conv (NHWC, dilation 1): dw[kh, kw, ci, co] = sum over (n, y, x)
 * of x[n, y*sH + kh - pT, x*sW + kw - pL, ci] * dy[n, y, x, co], over the output pixels whose tap
 * lands inside x. dy's image rows (all N * OH of them, image by image) are taken `blockRows` at a
 * time, and every tap consumes a block before the next: one pass over x and dy from memory
 * instead of one per tap. Per block and tap, the rows whose tap row lies inside x are listed (at
 * `rows`: up to blockRows pairs of u32 offsets, scratch from the caller), each with the run of
 * columns whose tap reads inside x: dy's row as it is, and x's row read every sW pixels (no
 * im2col, no padded copy, no transposes); then sums of outer products run over the list. Writes
 * output channels [co0, co1) only, so that threads given disjoint ranges write disjoint memory;
 * each output's terms are added in (image, row, column) order whatever the range or the block
 * size. Requires CI % 4 == 0 and CO, co0, co1 % 8 == 0.
 */
export function convFilterGrad(
  N: i32, H: i32, W: i32, CI: i32, OH: i32, OW: i32, CO: i32, FH: i32, FW: i32,
  sH: i32, sW: i32, pT: i32, pL: i32, x: usize, dy: usize, dw: usize, co0: i32, co1: i32, blockRows: i32, rows: usize,
): void {
  const tapBytes = <usize>(CI * CO) << 2;
  const rowBytes = <usize>CO << 2;
  for (let r: usize = 0, count = <usize>(FH * FW * CI); r < count; r++) {
    memory.fill(dw + r * rowBytes + (<usize>co0 << 2), 0, <usize>(co1 - co0) << 2);
  }
  const px = <usize>CI << 2; // bytes of an x pixel
  const sa = <usize>sW * px;
  const sb = <usize>CO << 2;
  const total = N * OH;
  for (let g0 = 0; g0 < total; g0 += blockRows) {
    const g1 = min(total, g0 + blockRows);
    for (let kh = 0; kh < FH; kh++) {
      for (let kw = 0; kw < FW; kw++) {
        // Output columns whose tap reads inside the row: 0 <= ox*sW + kw - pL < W.
        const x0 = firstInside(kw - pL, sW);
        const x1 = endInside(kw - pL, sW, W, OW);
        if (x1 <= x0) continue;
        let count = 0;
        for (let g = g0; g < g1; g++) {
          const n = g / OH;
          const y = g - n * OH;
          const iy = y * sH + kh - pT;
          if (iy < 0 || iy >= H) continue;
          const e = rows + (<usize>count << 3);
          store<u32>(e, <u32>(x + <usize>((n * H + iy) * W + x0 * sW + kw - pL) * px));
          store<u32>(e + 4, <u32>(dy + <usize>(g * OW + x0) * sb));
          count++;
        }
        accumulateRows(rows, count, sa, sb, x1 - x0, CI, CO, co0, co1, dw + <usize>(kh * FW + kw) * tapBytes);
      }
    }
  }
}
