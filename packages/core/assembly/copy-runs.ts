// Copies of equal-length runs of bytes inside tfjs-backend-wasm's heap (AssemblyScript; built by
// `npm run build:wasm -w @mambabench/core` into build/copy-runs.{heap,shared}.wasm), for the
// kernels that move rows rather than compute: Slice, SplitV, Concat, Reverse and the strided conv
// gradients' padded copies (src/kernels/wasm/heap-runs.ts). memory.copy is a native memmove: a
// row of a [32, 65, 384] flip moved 3-4x faster than with a JS copyWithin per row on the shared
// heap. Runs under 64 bytes go word by word (a memmove call costs more there).

@inline function copyRun(to: usize, from: usize, bytes: usize): void {
  if (bytes >= 64) {
    memory.copy(to, from, bytes);
    return;
  }
  let i: usize = 0;
  for (; i + 4 <= bytes; i += 4) store<u32>(to + i, load<u32>(from + i));
  for (; i < bytes; i++) store<u8>(to + i, load<u8>(from + i));
}

/**
 * Runs of `runBytes` at first + i0*t0 + i1*t1 + i2*t2 + i3*t3 (i_k < s_k, i3 fastest; byte strides)
 * and consecutive bytes from `packed`: copied from the runs to `packed` (gather) or from `packed`
 * to the runs (scatter). Fewer axes are given as size 1.
 */
export function copyRuns(
  scatter: bool, packed: usize, first: usize, runBytes: usize,
  s0: i32, s1: i32, s2: i32, s3: i32, t0: usize, t1: usize, t2: usize, t3: usize,
): void {
  let p = packed;
  for (let i0 = 0; i0 < s0; i0++) {
    for (let i1 = 0; i1 < s1; i1++) {
      for (let i2 = 0; i2 < s2; i2++) {
        let at = first + <usize>i0 * t0 + <usize>i1 * t1 + <usize>i2 * t2;
        for (let i3 = 0; i3 < s3; i3++, at += t3, p += runBytes) {
          if (scatter) copyRun(at, p, runBytes);
          else copyRun(p, at, runBytes);
        }
      }
    }
  }
}

/** Reverse along one axis: in each of `outer` blocks of n rows of `rowBytes`, row i of dst is row n-1-i of src. */
export function flipRows(src: usize, dst: usize, outer: i32, n: i32, rowBytes: usize): void {
  const block = <usize>n * rowBytes;
  for (let o = 0; o < outer; o++) {
    const s = src + <usize>o * block;
    const d = dst + <usize>o * block;
    for (let i = 0; i < n; i++) copyRun(d + <usize>i * rowBytes, s + <usize>(n - 1 - i) * rowBytes, rowBytes);
  }
}
