// Winograd F(2x2, 3x3) transforms for a 3x3 stride-1 convolution on tfjs-backend-wasm's heap
// (AssemblyScript SIMD; heap build). Each 2x2 block of outputs ("tile") is A^T [(G g G^T) . (B^T d B)] A
// summed over input channels, where d is the 4x4 input patch under it: 16 products per tile and
// channel pair instead of 36. The products are 16 GEMMs (one per position of the 4x4 transformed
// tile) that the caller runs on XNNPACK; these functions transform the filter, the input patches
// and the products back. Four channels per vector: channel counts must be multiples of 4.
//
// Layouts (f32): x [images, H, W, C] NHWC; g [3, 3, Cin, Cout] (HWIO, tfjs's filter);
// U [16, Cin, Cout]; V [16, T, Cin]; M [16, T, Cout]; out [images, OH, OW, Cout]. A group's
// tiles are numbered t = (image * tilesH + tileRow) * tilesW + tileCol.

/** U = G g G^T for input channels [c0, c1), all output channels (4 at a time). */
export function filterTransform(g: usize, cin: i32, cout: i32, c0: i32, c1: i32, U: usize): void {
  const half = f32x4.splat(0.5);
  const tap = <usize>(cin * cout) << 2; // bytes between filter taps
  const plane = tap; // bytes between positions of U
  for (let ci = c0; ci < c1; ci++) {
    for (let co = 0; co < cout; co += 4) {
      const at = (<usize>(ci * cout + co)) << 2;
      // Rows of g (r = 0..2), columns (s = 0..2): g[r][s] at g + (r * 3 + s) * tap + at.
      for (let s = 0; s < 3; s++) {
        const g0 = v128.load(g + <usize>s * tap + at);
        const g1 = v128.load(g + <usize>(3 + s) * tap + at);
        const g2 = v128.load(g + <usize>(6 + s) * tap + at);
        // Column s of G g: rows 0..3, kept in U's rows for the second pass (positions i * 4 + s).
        v128.store(U + <usize>s * plane + at, g0);
        v128.store(U + <usize>(4 + s) * plane + at, f32x4.mul(f32x4.add(f32x4.add(g0, g1), g2), half));
        v128.store(U + <usize>(8 + s) * plane + at, f32x4.mul(f32x4.add(f32x4.sub(g0, g1), g2), half));
        v128.store(U + <usize>(12 + s) * plane + at, g2);
      }
      for (let i = 0; i < 4; i++) {
        const row = U + <usize>(i * 4) * plane + at;
        const t0 = v128.load(row), t1 = v128.load(row + plane), t2 = v128.load(row + 2 * plane);
        v128.store(row + 3 * plane, t2);
        v128.store(row + plane, f32x4.mul(f32x4.add(f32x4.add(t0, t1), t2), half));
        v128.store(row + 2 * plane, f32x4.mul(f32x4.add(f32x4.sub(t0, t1), t2), half));
      }
    }
  }
}

/**
 * V = B^T d B for tiles [t0, t1) of a group of images at x. Rows and columns of d outside the
 * image (padding, or past its edge) are zeros.
 */
export function inputTransform(
  x: usize, H: i32, W: i32, C: i32, padTop: i32, padLeft: i32, tilesH: i32, tilesW: i32,
  t0: i32, t1: i32, T: i32, V: usize,
): void {
  const plane = (<usize>T * <usize>C) << 2;
  const zero = f32x4.splat(0);
  const pixel = <usize>C << 2;
  for (let t = t0; t < t1; t++) {
    const image = t / (tilesH * tilesW);
    const inImage = t - image * tilesH * tilesW;
    const y0 = (inImage / tilesW) * 2 - padTop;
    const x0 = (inImage % tilesW) * 2 - padLeft;
    const base = x + (<usize>image * <usize>(H * W)) * pixel;
    const out = V + ((<usize>t * <usize>C) << 2);
    for (let c = 0; c < C; c += 4) {
      const co = <usize>c << 2;
      // t_rs = (B^T d)[r][s]: rows combined first, per column s.
      let t00 = zero, t01 = zero, t02 = zero, t03 = zero;
      let t10 = zero, t11 = zero, t12 = zero, t13 = zero;
      let t20 = zero, t21 = zero, t22 = zero, t23 = zero;
      let t30 = zero, t31 = zero, t32 = zero, t33 = zero;
      for (let s = 0; s < 4; s++) {
        const xx = x0 + s;
        let d0 = zero, d1 = zero, d2 = zero, d3 = zero;
        if (xx >= 0 && xx < W) {
          const col = base + <usize>xx * pixel + co;
          const rowBytes = <usize>W * pixel;
          if (y0 >= 0 && y0 < H) d0 = v128.load(col + <usize>y0 * rowBytes);
          if (y0 + 1 >= 0 && y0 + 1 < H) d1 = v128.load(col + <usize>(y0 + 1) * rowBytes);
          if (y0 + 2 >= 0 && y0 + 2 < H) d2 = v128.load(col + <usize>(y0 + 2) * rowBytes);
          if (y0 + 3 >= 0 && y0 + 3 < H) d3 = v128.load(col + <usize>(y0 + 3) * rowBytes);
        }
        const a = f32x4.sub(d0, d2), b = f32x4.add(d1, d2), e = f32x4.sub(d2, d1), f = f32x4.sub(d1, d3);
        if (s == 0) { t00 = a; t10 = b; t20 = e; t30 = f; }
        else if (s == 1) { t01 = a; t11 = b; t21 = e; t31 = f; }
        else if (s == 2) { t02 = a; t12 = b; t22 = e; t32 = f; }
        else { t03 = a; t13 = b; t23 = e; t33 = f; }
      }
      storeRow(out + co, plane, 0, t00, t01, t02, t03);
      storeRow(out + co, plane, 4, t10, t11, t12, t13);
      storeRow(out + co, plane, 8, t20, t21, t22, t23);
      storeRow(out + co, plane, 12, t30, t31, t32, t33);
    }
  }
}

/** Row r of B^T d B from row r of B^T d: positions first..first+3. */
@inline function storeRow(at: usize, plane: usize, first: i32, u0: v128, u1: v128, u2: v128, u3: v128): void {
  const p = at + <usize>first * plane;
  v128.store(p, f32x4.sub(u0, u2));
  v128.store(p + plane, f32x4.add(u1, u2));
  v128.store(p + 2 * plane, f32x4.sub(u2, u1));
  v128.store(p + 3 * plane, f32x4.sub(u1, u3));
}

/** out = A^T m A for tiles [t0, t1) of a group of images at out; outputs past the edge are dropped. */
export function outputTransform(
  M: usize, OH: i32, OW: i32, C: i32, tilesH: i32, tilesW: i32, t0: i32, t1: i32, T: i32, out: usize,
): void {
  const plane = (<usize>T * <usize>C) << 2;
  const pixel = <usize>C << 2;
  for (let t = t0; t < t1; t++) {
    const image = t / (tilesH * tilesW);
    const inImage = t - image * tilesH * tilesW;
    const y0 = (inImage / tilesW) * 2;
    const x0 = (inImage % tilesW) * 2;
    const src = M + ((<usize>t * <usize>C) << 2);
    const dst = out + ((<usize>image * <usize>(OH * OW) + <usize>y0 * <usize>OW + <usize>x0) * pixel);
    const right = x0 + 1 < OW;
    const below = y0 + 1 < OH;
    for (let c = 0; c < C; c += 4) {
      const p = src + (<usize>c << 2);
      // r_i = row i of A^T m, per column: r0 = m0 + m1 + m2, r1 = m1 - m2 - m3.
      let r00 = zero4(), r01 = zero4(), r02 = zero4(), r03 = zero4();
      let r10 = zero4(), r11 = zero4(), r12 = zero4(), r13 = zero4();
      for (let s = 0; s < 4; s++) {
        const m0 = v128.load(p + <usize>s * plane);
        const m1 = v128.load(p + <usize>(4 + s) * plane);
        const m2 = v128.load(p + <usize>(8 + s) * plane);
        const m3 = v128.load(p + <usize>(12 + s) * plane);
        const a = f32x4.add(f32x4.add(m0, m1), m2);
        const b = f32x4.sub(f32x4.sub(m1, m2), m3);
        if (s == 0) { r00 = a; r10 = b; }
        else if (s == 1) { r01 = a; r11 = b; }
        else if (s == 2) { r02 = a; r12 = b; }
        else { r03 = a; r13 = b; }
      }
      const q = dst + (<usize>c << 2);
      v128.store(q, f32x4.add(f32x4.add(r00, r01), r02));
      if (right) v128.store(q + pixel, f32x4.sub(f32x4.sub(r01, r02), r03));
      if (below) {
        const q1 = q + <usize>OW * pixel;
        v128.store(q1, f32x4.add(f32x4.add(r10, r11), r12));
        if (right) v128.store(q1 + pixel, f32x4.sub(f32x4.sub(r11, r12), r13));
      }
    }
  }
}

@inline function zero4(): v128 {
  return f32x4.splat(0);
}
