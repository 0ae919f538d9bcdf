import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { ImageSplit } from '../dataset.ts';
import { renderSampleGrid, writeSampleGrid } from './grid.ts';

const PAD = 8;

/** `count` images of size x size with seeded noise pixels; label i % classes. */
function noiseSplit(count: number, size: number, classes: number): ImageSplit {
  const images = new Uint8Array(count * size * size * 3);
  let state = 12345;
  for (let i = 0; i < images.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    images[i] = state >>> 24;
  }
  return { name: 'train', images, labels: Int32Array.from({ length: count }, (_, i) => i % classes), count };
}

/** The PNG decoded by sharp: an independent reader of what the canvas encoded. */
async function decode(png: Buffer) {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, at: (x: number, y: number, c: number) => data[(y * info.width + x) * 3 + c] };
}

/**
 * Float64 bilinear resample of channel c at output pixel (x, y), pixel centres aligned, edges
 * clamped; with the spread (max - min) of the four source pixels it blends.
 */
function bilinear(src: Uint8Array, size: number, cell: number, x: number, y: number, c: number): { value: number; spread: number } {
  const coord = (v: number) => Math.min(Math.max((v + 0.5) * (size / cell) - 0.5, 0), size - 1);
  const sx = coord(x);
  const sy = coord(y);
  const [xa, ya] = [Math.floor(sx), Math.floor(sy)];
  const [fx, fy] = [sx - xa, sy - ya];
  const [xb, yb] = [Math.min(xa + 1, size - 1), Math.min(ya + 1, size - 1)];
  const p = (yy: number, xx: number) => src[(yy * size + xx) * 3 + c];
  const top = p(ya, xa) * (1 - fx) + p(ya, xb) * fx;
  const bottom = p(yb, xa) * (1 - fx) + p(yb, xb) * fx;
  const four = [p(ya, xa), p(ya, xb), p(yb, xa), p(yb, xb)];
  return { value: top * (1 - fy) + bottom * fy, spread: Math.max(...four) - Math.min(...four) };
}

describe('renderSampleGrid', () => {
  it('lays out rows x cols titled cells of distinct seeded images, pixels copied exactly at native size', async () => {
    const s = noiseSplit(20, 40, 2);
    const options = { rows: 2, cols: 3, seed: 4, cellSize: 40 };
    const grid = await renderSampleGrid({ split: s, classNames: ['DR', 'No_DR'] }, options);
    const titleH = Math.ceil(16 * 1.25) + 4;
    expect([grid.width, grid.height]).toEqual([3 * 40 + 4 * PAD, 2 * (titleH + 40) + 3 * PAD]);
    expect(new Set(grid.indices).size).toBe(6);
    expect((await renderSampleGrid({ split: s, classNames: ['DR', 'No_DR'] }, options)).indices).toEqual(grid.indices);

    const png = await decode(grid.png);
    expect([png.width, png.height]).toEqual([grid.width, grid.height]);
    grid.indices.forEach((idx, k) => {
      const x0 = PAD + (k % 3) * (40 + PAD);
      const y0 = PAD + Math.floor(k / 3) * (titleH + 40 + PAD);
      for (let y = 0; y < 40; y++) for (let x = 0; x < 40; x++) for (let c = 0; c < 3; c++) {
        if (png.at(x0 + x, y0 + titleH + y, c) !== s.images[idx * 40 * 40 * 3 + (y * 40 + x) * 3 + c]) {
          throw new Error(`cell ${k} (image ${idx}) differs at (${x}, ${y}) channel ${c}`);
        }
      }
      // The title band above the image holds dark ink.
      let ink = 0;
      for (let y = y0; y < y0 + titleH; y++) for (let x = x0; x < x0 + 40; x++) if (png.at(x, y, 0) < 128) ink++;
      expect(ink).toBeGreaterThan(10);
    });
    // Gutters stay white paper, beside the titles too: 'No_DR' at 16 px is wider than a 40 px cell, so it is drawn smaller.
    for (let y = 0; y < grid.height; y++) for (const x of [0, 1, 2, PAD + 40 + 1, PAD + 40 + PAD - 2, grid.width - 1]) {
      if (png.at(x, y, 0) !== 255) throw new Error(`gutter pixel (${x}, ${y}) is not white`);
    }
  });

  it('scales images up bilinearly (a float64 reference, within the canvas\'s 1/16-step weights)', async () => {
    const s = noiseSplit(1, 6, 1);
    const cell = 18;
    const grid = await renderSampleGrid({ split: s, classNames: ['a'] }, { rows: 1, cols: 1, cellSize: cell });
    const png = await decode(grid.png);
    const titleH = Math.ceil(16 * 1.25) + 4;
    let within = 0;
    for (let y = 0; y < cell; y++) for (let x = 0; x < cell; x++) for (let c = 0; c < 3; c++) {
      // Skia quantizes each axis's blend weight to 1/16: off by up to spread/32 per axis, plus rounding.
      const { value, spread } = bilinear(s.images, 6, cell, x, y, c);
      if (Math.abs(png.at(PAD + x, PAD + titleH + y, c) - value) <= 1 + spread / 16) within++;
    }
    expect(within).toBe(cell * cell * 3);
  });

  it('draws UTF-8 class names with their accents, not as ? or a missing-glyph box', async () => {
    // Four classes, one image each; the names differ only in their second character.
    const names = ['Rétinopathie', 'Retinopathie', 'R?tinopathie', 'R\uE000tinopathie'];
    const s = noiseSplit(4, 8, 4);
    const cell = 140;
    const grid = await renderSampleGrid({ split: s, classNames: names }, { rows: 1, cols: 4, cellSize: cell });
    const png = await decode(grid.png);
    const titleH = Math.ceil(16 * 1.25) + 4;
    const band = (label: number) => {
      const k = grid.indices.findIndex((idx) => s.labels[idx] === label);
      const x0 = PAD + k * (cell + PAD);
      const pixels: number[] = [];
      for (let y = PAD; y < PAD + titleH; y++) for (let x = x0; x < x0 + cell; x++) pixels.push(png.at(x, y, 0));
      return pixels;
    };
    const [accented, plain, question, missing] = [0, 1, 2, 3].map(band);
    const ink = (pixels: number[]) => pixels.filter((v) => v < 128).length;
    expect(ink(accented)).toBeGreaterThan(100);
    // The acute accent adds ink over the plain 'e'; '?' and the font's missing-glyph box differ.
    expect(ink(accented)).toBeGreaterThan(ink(plain));
    expect(accented).not.toEqual(question);
    expect(accented).not.toEqual(missing);
  });

  it('draws from a Dataset\'s train split by default, and writeSampleGrid writes the PNG atomically', async () => {
    const s = noiseSplit(20, 8, 2);
    const dir = mkdtempSync(join(tmpdir(), 'mb-grid-'));
    try {
      const dataset = {
        name: 't', classNames: ['DR', 'No_DR'], imageSize: 8, splits: { train: s, valid: s }, fingerprint: 'x',
        normalization: { mean: [0, 0, 0] as [number, number, number], std: [1, 1, 1] as [number, number, number] },
      };
      const path = join(dir, 'grid.png');
      const grid = await writeSampleGrid(path, dataset, { seed: 1 });
      expect(grid.indices).toHaveLength(16);
      expect(readdirSync(dir)).toEqual(['grid.png']); // no temporary file left beside it
      const written = readFileSync(path);
      expect(written.equals(grid.png)).toBe(true);
      const meta = await sharp(written).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', grid.width, grid.height]);
      // Default cell: the images' own 8 px raised to 96.
      expect(grid.width).toBe(4 * 96 + 5 * PAD);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad options and missing splits', async () => {
    const s = noiseSplit(4, 8, 2);
    await expect(renderSampleGrid({ split: s, classNames: ['a', 'b'] }, { rows: 0 })).rejects.toThrow('rows must be a positive integer, got 0');
    await expect(renderSampleGrid({ split: s, classNames: ['a', 'b'] }, { fontSize: 2.5 })).rejects.toThrow('fontSize must be a positive integer, got 2.5');
    const dataset = { name: 'd', classNames: ['a'], imageSize: 8, splits: { train: s, valid: s }, fingerprint: '', normalization: { mean: [0, 0, 0], std: [1, 1, 1] } } as never;
    await expect(renderSampleGrid(dataset, { split: 'test' })).rejects.toThrow("dataset 'd' has no test split");
  });
});
