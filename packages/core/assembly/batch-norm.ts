// Training-mode batch norm over the rows of an (M, C) float32 matrix (NHWC flattened), one pass
// per quantity instead of the ~10 broadcast and reduction kernels the composed tf ops take.
// AssemblyScript source; built by `npm run build:wasm -w @mambabench/core` into
// packages/core/build/batch-norm.wasm. The JS side (src/nn/fused-batch-norm.ts) copies tensors
// in and out and does the per-channel (C-sized) arithmetic in float64. Requires C % 4 == 0.
//
// Sums over rows accumulate in float32 for BLOCK rows at a time and are then added to float64
// accumulators, so a sum over 10^5 rows carries float64-level error plus BLOCK float32 terms.

const BLOCK = 64;

/** acc64[c] += sum over rows of f(row, c) for the four ops below; `block` is C float32 scratch. */
@inline function flush(C: i32, block: usize, acc64: usize): void {
  for (let c = 0; c < C; c++) {
    const p = acc64 + (<usize>c << 3);
    store<f64>(p, load<f64>(p) + <f64>load<f32>(block + (<usize>c << 2)));
  }
  memory.fill(block, 0, <usize>C << 2);
}

/** sum[c] (f64, zeroed by the caller) += sum_m x[m, c]. */
export function columnSums(M: i32, C: i32, x: usize, sum: usize, block: usize): void {
  memory.fill(block, 0, <usize>C << 2);
  for (let m = 0; m < M; m++) {
    const row = x + (<usize>(m * C) << 2);
    for (let c = 0; c < C; c += 4) {
      const p = block + (<usize>c << 2);
      v128.store(p, f32x4.add(v128.load(p), v128.load(row + (<usize>c << 2))));
    }
    if ((m + 1) % BLOCK == 0) flush(C, block, sum);
  }
  flush(C, block, sum);
}

/** sq[c] (f64, zeroed) += sum_m (x[m, c] - mean[c])^2: the two-pass variance, no cancellation. */
export function centeredSquareSums(M: i32, C: i32, x: usize, mean: usize, sq: usize, block: usize): void {
  memory.fill(block, 0, <usize>C << 2);
  for (let m = 0; m < M; m++) {
    const row = x + (<usize>(m * C) << 2);
    for (let c = 0; c < C; c += 4) {
      const off = <usize>c << 2;
      const d = f32x4.sub(v128.load(row + off), v128.load(mean + off));
      v128.store(block + off, f32x4.add(v128.load(block + off), f32x4.mul(d, d)));
    }
    if ((m + 1) % BLOCK == 0) flush(C, block, sq);
  }
  flush(C, block, sq);
}

/** y = (x - mean[c]) * scale[c] + beta[c] (centring first: x * scale + shift would cancel for |mean| >> std). */
export function normalize(M: i32, C: i32, x: usize, mean: usize, scale: usize, beta: usize, y: usize): void {
  for (let m = 0; m < M; m++) {
    const o = <usize>(m * C) << 2;
    for (let c = 0; c < C; c += 4) {
      const off = <usize>c << 2;
      const xc = f32x4.sub(v128.load(x + o + off), v128.load(mean + off));
      v128.store(y + o + off, f32x4.add(f32x4.mul(xc, v128.load(scale + off)), v128.load(beta + off)));
    }
  }
}

/** sumDy[c] += sum_m dy; sumDyXc[c] += sum_m dy * (x - mean) (both f64, zeroed by the caller). */
export function gradSums(M: i32, C: i32, x: usize, dy: usize, mean: usize, sumDy: usize, sumDyXc: usize, block: usize, block2: usize): void {
  memory.fill(block, 0, <usize>C << 2);
  memory.fill(block2, 0, <usize>C << 2);
  for (let m = 0; m < M; m++) {
    const o = <usize>(m * C) << 2;
    for (let c = 0; c < C; c += 4) {
      const off = <usize>c << 2;
      const g = v128.load(dy + o + off);
      const xc = f32x4.sub(v128.load(x + o + off), v128.load(mean + off));
      v128.store(block + off, f32x4.add(v128.load(block + off), g));
      v128.store(block2 + off, f32x4.add(v128.load(block2 + off), f32x4.mul(g, xc)));
    }
    if ((m + 1) % BLOCK == 0) {
      flush(C, block, sumDy);
      flush(C, block2, sumDyXc);
    }
  }
  flush(C, block, sumDy);
  flush(C, block2, sumDyXc);
}

/** dx = a[c] * dy + b[c] * (x - mean[c]) + k[c]. */
export function gradInput(M: i32, C: i32, x: usize, dy: usize, mean: usize, a: usize, b: usize, k: usize, dx: usize): void {
  for (let m = 0; m < M; m++) {
    const o = <usize>(m * C) << 2;
    for (let c = 0; c < C; c += 4) {
      const off = <usize>c << 2;
      const xc = f32x4.sub(v128.load(x + o + off), v128.load(mean + off));
      const r = f32x4.add(f32x4.add(f32x4.mul(v128.load(a + off), v128.load(dy + o + off)), f32x4.mul(v128.load(b + off), xc)), v128.load(k + off));
      v128.store(dx + o + off, r);
    }
  }
}
