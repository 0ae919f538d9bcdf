// A 2-D block transpose of 4-byte elements in WebAssembly SIMD (AssemblyScript; built by
// `npm run build:wasm -w @mambabench/core` into build/transpose.{heap,shared}.wasm, which work
// on tensors where they lie in tfjs-backend-wasm's memory; src/kernels/wasm/transpose.ts walks
// the other axes and passes byte offsets). No allocation here.

const TILE = 32; // elements per side of a cache tile

/**
 * `count` blocks, block k at src + k * srcStep and dst + k * dstStep (bytes): one call for the
 * blocks along an axis that stays in place (a call per small block cost more than its move).
 */
export function transposeBlocks(
  src: usize, dst: usize, count: i32, srcStep: usize, dstStep: usize,
  sizeA: i32, sizeB: i32, strideA: i32, strideB: i32,
): void {
  for (let k = 0; k < count; k++) transposeBlock(src + <usize>k * srcStep, dst + <usize>k * dstStep, sizeA, sizeB, strideA, strideB);
}

/**
 * dst[j * strideB + i] = src[i * strideA + j] for i < sizeA, j < sizeB (strides in elements).
 * 4 x 4 blocks move as four vector loads, eight shuffles and four vector stores; 32 x 32 tiles
 * keep the strided side within a few cache lines. Edges that do not fill a block go one by one.
 */
function transposeBlock(src: usize, dst: usize, sizeA: i32, sizeB: i32, strideA: i32, strideB: i32): void {
  const sa = <usize>strideA << 2;
  const sb = <usize>strideB << 2;
  const a4 = sizeA & ~3;
  const b4 = sizeB & ~3;
  for (let i0 = 0; i0 < a4; i0 += TILE) {
    const iEnd = min(i0 + TILE, a4);
    for (let j0 = 0; j0 < b4; j0 += TILE) {
      const jEnd = min(j0 + TILE, b4);
      for (let i = i0; i < iEnd; i += 4) {
        let s = src + <usize>i * sa + (<usize>j0 << 2);
        let d = dst + <usize>j0 * sb + (<usize>i << 2);
        for (let j = j0; j < jEnd; j += 4, s += 16, d += sb << 2) {
          const v0 = v128.load(s);
          const v1 = v128.load(s + sa);
          const v2 = v128.load(s + 2 * sa);
          const v3 = v128.load(s + 3 * sa);
          const t0 = v128.shuffle<i32>(v0, v1, 0, 4, 1, 5);
          const t1 = v128.shuffle<i32>(v2, v3, 0, 4, 1, 5);
          const t2 = v128.shuffle<i32>(v0, v1, 2, 6, 3, 7);
          const t3 = v128.shuffle<i32>(v2, v3, 2, 6, 3, 7);
          v128.store(d, v128.shuffle<i32>(t0, t1, 0, 1, 4, 5));
          v128.store(d + sb, v128.shuffle<i32>(t0, t1, 2, 3, 6, 7));
          v128.store(d + 2 * sb, v128.shuffle<i32>(t2, t3, 0, 1, 4, 5));
          v128.store(d + 3 * sb, v128.shuffle<i32>(t2, t3, 2, 3, 6, 7));
        }
      }
    }
  }
  // Edges: columns j >= b4 for every row, then rows i >= a4 for the block columns.
  for (let i = 0; i < sizeA; i++) {
    for (let j = b4; j < sizeB; j++) store<u32>(dst + <usize>j * sb + (<usize>i << 2), load<u32>(src + <usize>i * sa + (<usize>j << 2)));
  }
  for (let i = a4; i < sizeA; i++) {
    for (let j = 0; j < b4; j++) store<u32>(dst + <usize>j * sb + (<usize>i << 2), load<u32>(src + <usize>i * sa + (<usize>j << 2)));
  }
}
