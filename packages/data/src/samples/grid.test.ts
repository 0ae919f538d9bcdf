import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { ImageSplit } from '../dataset.ts';
import { FONT_CHARS, GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from './font.ts';
import { renderSampleGrid, writeSampleGrid } from './grid.ts';
import { drawText, textWidth } from './text.ts';

/** 20 images of 8x8: image i is flat grey level 10 * i; labels alternate. */
function split(): ImageSplit {
  const images = new Uint8Array(20 * 8 * 8 * 3);
  for (let i = 0; i < 20; i++) images.fill(10 * i, i * 192, (i + 1) * 192);
  return { name: 'train', images, labels: Int32Array.from({ length: 20 }, (_, i) => i % 2), count: 20 };
}

describe('bitmap font', () => {
  it('covers letters, digits and the title punctuation; unknown characters draw as ?', () => {
    for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_- ') expect(FONT_CHARS).toContain(ch);
    expect(glyph('é')).toBe(glyph('?'));
    // Every visible glyph has ink; space has none.
    for (const ch of FONT_CHARS) expect(glyph(ch).some((b) => b === 1)).toBe(ch !== ' ');
    expect(glyph('A')).toHaveLength(GLYPH_WIDTH * GLYPH_HEIGHT);
  });

  it('draws glyphs at scale 2 as 2x2 blocks, one blank column apart', () => {
    expect(textWidth('DR', 2)).toBe((2 * 6 - 1) * 2);
    const canvas = { rgb: new Uint8Array(30 * 20 * 3), width: 30, height: 20 };
    drawText(canvas, 'I', 0, 0, 2, [255, 255, 255]);
    const ink = (x: number, y: number) => canvas.rgb[(y * 30 + x) * 3] === 255;
    // 'I' row 0 is .###. -> columns 2..7 inked at scale 2, rows 0 and 1.
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((x) => ink(x, 0))).toEqual([false, false, true, true, true, true, true, true, false, false]);
    expect(ink(4, 1)).toBe(true);
    expect(ink(2, 2)).toBe(false); // row 1 is ..#..
  });
});

describe('renderSampleGrid', () => {
  it('lays out rows x cols titled cells of distinct seeded images, copying pixels at native size', () => {
    const s = split();
    const grid = renderSampleGrid({ split: s, classNames: ['DR', 'No_DR'] }, { rows: 2, cols: 3, seed: 4, cellSize: 8 });
    const titleH = 9 * 2 + 4;
    expect(grid.width).toBe(3 * 8 + 4 * 8);
    expect(grid.height).toBe(2 * (titleH + 8) + 3 * 8);
    expect(grid.rgb).toHaveLength(grid.width * grid.height * 3);
    expect(new Set(grid.indices).size).toBe(6);
    expect(renderSampleGrid({ split: s, classNames: ['DR', 'No_DR'] }, { rows: 2, cols: 3, seed: 4, cellSize: 8 }).indices).toEqual(grid.indices);
    grid.indices.forEach((idx, k) => {
      const x0 = 8 + (k % 3) * 16;
      const y0 = 8 + Math.floor(k / 3) * (titleH + 16);
      // Image pixels: the flat grey of image idx.
      expect(grid.rgb[((y0 + titleH + 3) * grid.width + x0 + 3) * 3]).toBe(10 * idx);
      // Title band above the image holds black ink, and the image area none of the title.
      let ink = 0;
      for (let y = y0; y < y0 + titleH; y++) for (let x = x0 - 8; x < x0 + 16; x++) if (grid.rgb[(y * grid.width + x) * 3] === 0) ink++;
      expect(ink).toBeGreaterThan(10);
    });
  });

  it('draws from a Dataset\'s train split by default, and writes a PNG', async () => {
    const s = split();
    const dir = mkdtempSync(join(tmpdir(), 'mb-grid-'));
    try {
      const dataset = {
        name: 't', classNames: ['DR', 'No_DR'], imageSize: 8, splits: { train: s, valid: s }, fingerprint: 'x',
        normalization: { mean: [0, 0, 0] as [number, number, number], std: [1, 1, 1] as [number, number, number] },
      };
      const path = join(dir, 'grid.png');
      const grid = writeSampleGrid(path, dataset, { seed: 1 });
      expect(grid.indices).toHaveLength(16);
      const { data, info } = await sharp(readFileSync(path)).raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height, info.channels]).toEqual([grid.width, grid.height, 3]);
      expect(Buffer.from(data).equals(Buffer.from(grid.rgb))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad options and missing splits', () => {
    const s = split();
    expect(() => renderSampleGrid({ split: s, classNames: ['a', 'b'] }, { rows: 0 })).toThrow('rows must be a positive integer, got 0');
    const dataset = { name: 'd', classNames: ['a'], imageSize: 8, splits: { train: s, valid: s }, fingerprint: '', normalization: { mean: [0, 0, 0], std: [1, 1, 1] } } as never;
    expect(() => renderSampleGrid(dataset, { split: 'test' })).toThrow("dataset 'd' has no test split");
  });
});
