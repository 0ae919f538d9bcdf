// The gradient of SiLU, x * sigmoid(x), elementwise in WebAssembly SIMD (AssemblyScript; built by
// `npm run build:wasm -w @mambabench/core` into build/silu-grad.{heap,shared}.wasm, which work on
// tensors where they lie in tfjs-backend-wasm's memory; src/kernels/wasm/silu-grad.ts calls it).
// Given s = sigmoid(x) from the forward, it computes what tfjs's composed gradient computes (the
// Multiply gradient dy * s, the Sigmoid gradient (dy * x) * (s * (1 - s)), added), with the same
// IEEE float32 operations, so the same bits:
//   dx = dy * s + (dy * x) * (s * (1 - s))
// Elements [start, end): start a multiple of 4. No allocation.

@inline function siluGrad4(g: v128, x: v128, s: v128): v128 {
  const viaSigmoid = f32x4.mul(f32x4.mul(g, x), f32x4.mul(s, f32x4.sub(f32x4.splat(1.0), s)));
  return f32x4.add(f32x4.mul(g, s), viaSigmoid);
}

export function siluGrad(dy: usize, x: usize, s: usize, dx: usize, start: i32, end: i32): void {
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const o = <usize>i << 2;
    const a = siluGrad4(v128.load(dy + o), v128.load(x + o), v128.load(s + o));
    const b = siluGrad4(v128.load(dy + o + 16), v128.load(x + o + 16), v128.load(s + o + 16));
    v128.store(dx + o, a);
    v128.store(dx + o + 16, b);
  }
  for (; i + 4 <= end; i += 4) {
    const o = <usize>i << 2;
    v128.store(dx + o, siluGrad4(v128.load(dy + o), v128.load(x + o), v128.load(s + o)));
  }
  for (; i < end; i++) {
    const o = <usize>i << 2;
    const g = load<f32>(dy + o);
    const si = load<f32>(s + o);
    store<f32>(dx + o, g * si + (g * load<f32>(x + o)) * (si * (1.0 - si)));
  }
}
