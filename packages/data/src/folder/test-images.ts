/**
 * Test helpers: small image files of every kind the loader must handle, written with sharp
 * into temporary folders. Kept out of the *.test.ts files so several suites can share them.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

export function tempDir(prefix = 'mb-folder-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A smooth RGB gradient with a per-image tint, so resizing and JPEG change it only a little. */
export function gradientRgb(width: number, height: number, tint: number): Buffer {
  const out = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      out[o] = Math.round((255 * x) / Math.max(width - 1, 1));
      out[o + 1] = Math.round((255 * y) / Math.max(height - 1, 1));
      out[o + 2] = tint & 255;
    }
  }
  return out;
}

export type Kind = 'jpg' | 'png' | 'gray' | 'rgba' | 'png16' | 'cmyk' | 'palette';

/** Writes an image of the given kind (content: gradient with tint) and returns its path. */
export async function writeImage(path: string, kind: Kind, size = 24, tint = 100): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  const raw = { raw: { width: size, height: size, channels: 3 as const } };
  const rgb = gradientRgb(size, size, tint);
  switch (kind) {
    case 'jpg': await sharp(rgb, raw).jpeg({ quality: 95 }).toFile(path); break;
    case 'png': await sharp(rgb, raw).png().toFile(path); break;
    case 'gray': await sharp(rgb, raw).toColourspace('b-w').png().toFile(path); break;
    case 'png16': await sharp(rgb, raw).toColourspace('rgb16').png().toFile(path); break;
    case 'cmyk': await sharp(rgb, raw).toColourspace('cmyk').jpeg({ quality: 95 }).toFile(path); break;
    case 'palette': await sharp(rgb, raw).png({ palette: true, colours: 256, dither: 0 }).toFile(path); break;
    case 'rgba': {
      // Left half fully transparent white, right half opaque white.
      const rgba = Buffer.alloc(size * size * 4, 255);
      for (let y = 0; y < size; y++) for (let x = 0; x < size / 2; x++) rgba[(y * size + x) * 4 + 3] = 0;
      await sharp(rgba, { raw: { width: size, height: size, channels: 4 } }).png().toFile(path);
      break;
    }
  }
  return path;
}

/** A JPEG whose header is intact but whose entropy-coded data stops part-way. */
export async function writeTruncatedJpeg(path: string, size = 48): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  // Busy content, so most of the file is entropy-coded data rather than header.
  const noise = Buffer.alloc(size * size * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251;
  await sharp(noise, { raw: { width: size, height: size, channels: 3 } }).jpeg({ quality: 95 }).toFile(path);
  const full = readFileSync(path);
  writeFileSync(path, full.subarray(0, Math.floor(full.length * 0.6)));
  return path;
}

export function writeText(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}
