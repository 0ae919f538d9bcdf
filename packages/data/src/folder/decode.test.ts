import { rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeImage } from './decode.ts';
import { tempDir } from './test-images.ts';

/**
 * Reference for torchvision's Resize on PIL images: PIL's BILINEAR resample, a triangle
 * filter whose support grows with the downscale factor (antialiasing), applied separably with
 * a uint8 rounding between the passes as PIL does.
 */
function pilBilinear(src: Uint8Array, w: number, h: number, ow: number, oh: number): Uint8Array {
  const taps = (inLen: number, outLen: number) => {
    const scale = inLen / outLen;
    const support = Math.max(scale, 1);
    return Array.from({ length: outLen }, (_, i) => {
      const center = (i + 0.5) * scale;
      const lo = Math.max(Math.floor(center - support + 0.5), 0);
      const hi = Math.min(Math.floor(center + support + 0.5), inLen);
      const w = Array.from({ length: hi - lo }, (_, k) => Math.max(0, 1 - Math.abs((lo + k - center + 0.5) / support)));
      const sum = w.reduce((a, b) => a + b, 0);
      return { lo, w: w.map((v) => v / sum) };
    });
  };
  const tx = taps(w, ow);
  const ty = taps(h, oh);
  const mid = new Float64Array(h * ow * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < ow; x++) for (let c = 0; c < 3; c++) {
    let s = 0;
    tx[x].w.forEach((wt, k) => (s += wt * src[(y * w + tx[x].lo + k) * 3 + c]));
    mid[(y * ow + x) * 3 + c] = Math.min(255, Math.max(0, Math.round(s)));
  }
  const out = new Uint8Array(oh * ow * 3);
  for (let y = 0; y < oh; y++) for (let x = 0; x < ow; x++) for (let c = 0; c < 3; c++) {
    let s = 0;
    ty[y].w.forEach((wt, k) => (s += wt * mid[((ty[y].lo + k) * ow + x) * 3 + c]));
    out[(y * ow + x) * 3 + c] = Math.min(255, Math.max(0, Math.round(s)));
  }
  return out;
}

describe('decodeImage', () => {
  const dir = tempDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // A blurred random field: detail at several scales, like a fundus photo, not a pure gradient.
  async function texture(size: number) {
    const raw = new Uint8Array(size * size * 3);
    let s = 12345;
    for (let i = 0; i < raw.length; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      raw[i] = s >>> 24;
    }
    const path = join(dir, `tex-${size}.png`);
    await sharp(raw, { raw: { width: size, height: size, channels: 3 } }).blur(1.5).png().toFile(path);
    const { data } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
    return { path, pixels: new Uint8Array(data) };
  }

  it.each([[224, 64], [224, 100], [96, 32]])('resize %i -> %i matches PIL antialiased bilinear closely', async (from, to) => {
    const { path, pixels } = await texture(from);
    const got = await decodeImage(path, to);
    const ref = pilBilinear(pixels, from, from, to, to);
    let sum = 0;
    let max = 0;
    for (let i = 0; i < got.length; i++) {
      const d = Math.abs(got[i] - ref[i]);
      sum += d;
      max = Math.max(max, d);
    }
    expect(sum / got.length).toBeLessThan(0.6);
    expect(max).toBeLessThanOrEqual(6);
  });

  it('same size is the identity for a lossless PNG', async () => {
    const { path, pixels } = await texture(40);
    expect(Buffer.from(await decodeImage(path, 40)).equals(Buffer.from(pixels))).toBe(true);
  });

  it('a missing file fails with the reason', async () => {
    await expect(decodeImage(join(dir, 'none.png'), 8)).rejects.toThrow(/missing|no such file/i);
  });
});
