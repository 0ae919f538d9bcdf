// Vector math shared by the SIMD kernels (AssemblyScript; @inline, so each kernel gets its own
// copy compiled in). Four float32 lanes per call.

// exp(x) for x <= 0 on four lanes (Cephes expf: x = k ln2 + r, |r| <= ln2/2, degree-6
// polynomial, ~1 ulp). Arguments below -87 are clamped there (result ~1.6e-38, i.e. 0 for
// every purpose here) so 2^k stays a normal float; positive arguments work up to 88.
// k is rounded by adding 1.5 * 2^23 (round-to-nearest-even, as f32x4.nearest), whose bits then
// hold k as an integer for 2^k; pmax is the plain maxps (f32x4.max's NaN rules cost V8 ~6
// instructions) and the magic constant avoids trunc_sat's fix-ups.
@inline export function expNonPositive4(x: v128): v128 {
  x = f32x4.pmax(x, f32x4.splat(-87.0));
  const magic = f32x4.splat(12582912.0);
  const kBits = f32x4.add(f32x4.mul(x, f32x4.splat(1.44269504088896341)), magic);
  const k = f32x4.sub(kBits, magic);
  let r = f32x4.sub(x, f32x4.mul(k, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(k, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1.0));
  const pow2 = i32x4.shl(i32x4.add(kBits, i32x4.splat(127 - 0x4b400000)), 23);
  return f32x4.mul(p, pow2);
}

// 2^x for x <= 0 on four lanes: x = k + f with k the nearest integer and |f| <= 1/2, 2^f by a
// degree-5 polynomial with constant term 1 (a fit to the relative error: at most 1.9e-7, ~2 ulp,
// in float32; 2^f <= 1 for f <= 0, so no decay exceeds 1). The selective scan's decays
// exp(delta A) are 2^(delta A log2 e) with A log2 e stored once per call, as mamba_ssm's CUDA
// kernel computes them (exp2f): no ln 2 reduction and a shorter polynomial, 9 operations fewer
// than exp above. Arguments below -126 are clamped there (2^-126, the least normal float, is 0
// for every purpose here) so 2^k stays normal; k comes from the same 1.5 * 2^23 rounding.
@inline export function exp2NonPositive4(x: v128): v128 {
  x = f32x4.pmax(x, f32x4.splat(-126.0));
  const magic = f32x4.splat(12582912.0);
  const kBits = f32x4.add(x, magic);
  const f = f32x4.sub(x, f32x4.sub(kBits, magic));
  let p = f32x4.splat(1.32657727e-3);
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(9.67154372e-3));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(5.55073060e-2));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(2.40222409e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(6.93147004e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(1.0));
  const pow2 = i32x4.shl(i32x4.add(kBits, i32x4.splat(127 - 0x4b400000)), 23);
  return f32x4.mul(p, pow2);
}

// log(x) for finite x > 0 on four lanes (Cephes logf: x = m 2^e with m in [sqrt(1/2), sqrt(2)),
// degree-8 polynomial in m - 1, ~1 ulp). Subnormal, zero, negative or infinite input is not handled.
@inline export function log4(x: v128): v128 {
  let e = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(126)));
  let m = v128.or(v128.and(x, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000)); // [0.5, 1)
  const small = f32x4.lt(m, f32x4.splat(0.707106781186547524));
  e = f32x4.sub(e, v128.and(small, f32x4.splat(1.0)));
  m = f32x4.sub(f32x4.add(m, v128.and(small, m)), f32x4.splat(1.0));
  const z = f32x4.mul(m, m);
  let y = f32x4.splat(7.0376836292e-2);
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-1.1514610310e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(1.1676998740e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-1.2420140846e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(1.4249322787e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-1.6668057665e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(2.0000714765e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-2.4999993993e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(3.3333331174e-1));
  y = f32x4.mul(f32x4.mul(y, m), z);
  y = f32x4.add(y, f32x4.mul(e, f32x4.splat(-2.12194440e-4)));
  y = f32x4.sub(y, f32x4.mul(z, f32x4.splat(0.5)));
  return f32x4.add(f32x4.add(m, y), f32x4.mul(e, f32x4.splat(0.693359375)));
}
