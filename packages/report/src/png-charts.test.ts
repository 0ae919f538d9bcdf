import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GlobalFonts, loadImage, createCanvas } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from './analysis.ts';
import { chartSpecs } from './chart-specs.ts';
import { drResults } from './dr-fixture.ts';
import { PNG_HEIGHT, PNG_WIDTH, renderChartPng, writeChartPngs } from './png-charts.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Pixels that are neither white nor transparent, in a rectangle of the image. */
async function inkIn(png: Buffer, x: number, y: number, w: number, h: number): Promise<number> {
  const img = await loadImage(png);
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const { data } = ctx.getImageData(x, y, w, h);
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && (data[i]! < 200 || data[i + 1]! < 200 || data[i + 2]! < 200)) ink++;
  return ink;
}

describe('PNG charts', () => {
  const specs = chartSpecs(analyze(drResults()));
  let dir: string;
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'report-png-')); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('renders a chart with its text (the font is registered)', async () => {
    const png = await renderChartPng(specs.cost[0]!);
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const img = await loadImage(png);
    expect([img.width, img.height]).toEqual([PNG_WIDTH, PNG_HEIGHT]);
    expect(GlobalFonts.has('DejaVu Sans')).toBe(true);
    // The title band at the top holds only text: no text, no ink.
    expect(await inkIn(png, 0, 0, PNG_WIDTH, 30)).toBeGreaterThan(100);
    // Opaque white background, so the PNG reads the same in any viewer.
    const corner = await loadImage(png);
    const c = createCanvas(corner.width, corner.height);
    c.getContext('2d').drawImage(corner, 0, 0);
    expect([...c.getContext('2d').getImageData(0, 0, 1, 1).data]).toEqual([255, 255, 255, 255]);
  });

  it('writes one file per chart and removes stale ones', async () => {
    await writeFile(join(dir, 'stale.txt'), 'x');
    const all = [...specs.clinical, ...specs.cost, ...specs.training];
    const first = await writeChartPngs(dir, all);
    expect(first.map((p) => p.split(/[\\/]/).pop())).toEqual(all.map((s) => `${s.id}.png`));
    await writeChartPngs(dir, specs.cost);
    expect((await readdir(join(dir, 'charts'))).sort()).toEqual(['accuracy-vs-memory.png', 'accuracy-vs-time.png']);
  });
});
