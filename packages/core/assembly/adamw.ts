// One AdamW update of a parameter tensor in WebAssembly SIMD (AssemblyScript; built by
// `npm run build:wasm -w @mambabench/core` into build/adamw.{heap,shared}.wasm, which work on
// tensors where they lie in tfjs-backend-wasm's memory; src/kernels/wasm/adamw-update.ts calls
// it). The same float32 operations in the same order as src/optim/adamw.ts composes from tfjs
// ops, each one IEEE-rounded as theirs are, so the results are those ops' bits:
//   p' = (decay ? p * keep : p) - ((m' / (sqrt(v') / sqrtBc2 + eps)) * stepSize)
//   m' = m * b1 + g * c1,   v' = v * b2 + (g * g) * c2
// Elements [start, end): start a multiple of 4. No allocation.

@inline function update4(
  p: v128, m: v128, v: v128, g: v128, keep: v128, b1: v128, c1: v128, b2: v128, c2: v128,
  sqrtBc2: v128, eps: v128, stepSize: v128, decay: bool, out: usize, mOut: usize, vOut: usize,
): void {
  const mNew = f32x4.add(f32x4.mul(m, b1), f32x4.mul(g, c1));
  const vNew = f32x4.add(f32x4.mul(v, b2), f32x4.mul(f32x4.mul(g, g), c2));
  const denom = f32x4.add(f32x4.div(f32x4.sqrt(vNew), sqrtBc2), eps);
  const decayed = decay ? f32x4.mul(p, keep) : p;
  v128.store(out, f32x4.sub(decayed, f32x4.mul(f32x4.div(mNew, denom), stepSize)));
  v128.store(mOut, mNew);
  v128.store(vOut, vNew);
}

export function adamwUpdate(
  p: usize, m: usize, v: usize, g: usize, pOut: usize, mOut: usize, vOut: usize, start: i32, end: i32,
  keep: f32, b1: f32, c1: f32, b2: f32, c2: f32, sqrtBc2: f32, eps: f32, stepSize: f32, decay: i32,
): void {
  const K = f32x4.splat(keep);
  const B1 = f32x4.splat(b1);
  const C1 = f32x4.splat(c1);
  const B2 = f32x4.splat(b2);
  const C2 = f32x4.splat(c2);
  const S = f32x4.splat(sqrtBc2);
  const E = f32x4.splat(eps);
  const L = f32x4.splat(stepSize);
  const on = decay != 0;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const o = <usize>i << 2;
    update4(v128.load(p + o), v128.load(m + o), v128.load(v + o), v128.load(g + o), K, B1, C1, B2, C2, S, E, L, on, pOut + o, mOut + o, vOut + o);
  }
  for (; i < end; i++) {
    const o = <usize>i << 2;
    const gi = load<f32>(g + o);
    const mNew = load<f32>(m + o) * b1 + gi * c1;
    const vNew = load<f32>(v + o) * b2 + (gi * gi) * c2;
    const denom = Mathf.sqrt(vNew) / sqrtBc2 + eps;
    const pi = load<f32>(p + o);
    store<f32>(pOut + o, (on ? pi * keep : pi) - (mNew / denom) * stepSize);
    store<f32>(mOut + o, mNew);
    store<f32>(vOut + o, vNew);
  }
}
