// Column sums y[j] = sum over r of x[r * cols + j] in WebAssembly SIMD (AssemblyScript; built by
// `npm run build:wasm -w @mambabench/core` into build/column-sum.{heap,shared}.wasm, which work
// on tensors where they lie in tfjs-backend-wasm's memory). A sum over a tensor's leading axes
// (every bias, LayerNorm and D gradient) is this with rows = the leading sizes' product. Each
// column is one float32 accumulator over the rows in order, as XNNPACK's product with a ones row
// summed them, so the bits are that product's (src/kernels/wasm/sum.test.ts checks). No allocation.

/** Columns [c0, c1) of y; 16 columns (four vectors) at a time stay in registers over all rows. */
export function columnSums(x: usize, y: usize, rows: i32, cols: i32, c0: i32, c1: i32): void {
  const stride = <usize>cols << 2;
  let c = c0;
  for (; c + 16 <= c1; c += 16) {
    let p = x + (<usize>c << 2);
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    for (let r = 0; r < rows; r++) {
      a0 = f32x4.add(a0, v128.load(p));
      a1 = f32x4.add(a1, v128.load(p, 16));
      a2 = f32x4.add(a2, v128.load(p, 32));
      a3 = f32x4.add(a3, v128.load(p, 48));
      p += stride;
    }
    const q = y + (<usize>c << 2);
    v128.store(q, a0);
    v128.store(q, a1, 16);
    v128.store(q, a2, 32);
    v128.store(q, a3, 48);
  }
  for (; c + 4 <= c1; c += 4) {
    let p = x + (<usize>c << 2);
    let a = f32x4.splat(0);
    for (let r = 0; r < rows; r++) {
      a = f32x4.add(a, v128.load(p));
      p += stride;
    }
    v128.store(y + (<usize>c << 2), a);
  }
  for (; c < c1; c++) {
    let p = x + (<usize>c << 2);
    let a: f32 = 0;
    for (let r = 0; r < rows; r++) {
      a += load<f32>(p);
      p += stride;
    }
    store<f32>(y + (<usize>c << 2), a);
  }
}
