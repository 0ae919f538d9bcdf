// Which output positions of a strided conv read a given tap inside the input: shared by the
// gradient kernels (AssemblyScript; imported, not built on its own).

/** floor(a / b) and ceil(a / b) for b > 0 and any sign of a (i32 division truncates toward 0). */
@inline
export function floorDiv(a: i32, b: i32): i32 {
  return a >= 0 ? a / b : -((b - 1 - a) / b);
}
@inline
export function ceilDiv(a: i32, b: i32): i32 {
  return a >= 0 ? (a + b - 1) / b : -(-a / b);
}

/** First output index whose tap at offset `tap` (= k*dilation - pad) reads inside [0, size). */
@inline
export function firstInside(tap: i32, stride: i32): i32 {
  return max(0, ceilDiv(-tap, stride));
}
/** One past the last such output index (at most `outSize`). */
@inline
export function endInside(tap: i32, stride: i32, size: i32, outSize: i32): i32 {
  return min(outSize, floorDiv(size - 1 - tap, stride) + 1);
}
