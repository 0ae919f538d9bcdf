/**
 * A grid of random images, each titled with its class name above it, like the published
 * dr_dataset.py visualize_samples (a 4x4 matplotlib figure, titles, no axes): white paper,
 * black titles in DejaVu Sans (any character the font has, accents included), images scaled
 * to cellSize by the canvas's bilinear drawImage. Used by `mambabench samples` and the
 * synthetic preview (synthetic/preview.ts).
 */
import { createRequire } from 'node:module';
import { Rng } from '@mambabench/random';
import { writeFileAtomic } from '@mambabench/durable';
import { splitImageSize } from '../batch.ts';
import type { Dataset, ImageSplit, SplitName } from '../dataset.ts';

export type SampleSource = Dataset | { split: ImageSplit; classNames: string[] };

export interface SampleGridOptions {
  rows?: number;
  cols?: number;
  seed?: number;
  /** Side of each image in the grid, in pixels. Default: the images' own size, at least 96. */
  cellSize?: number;
  /** Which split of a Dataset to draw from. Default 'train'. */
  split?: SplitName;
  /** Title font size in pixels. Default 16 (about matplotlib's 12 pt title at 100 dpi). */
  fontSize?: number;
}

export interface SampleGrid {
  /** The grid as PNG bytes. */
  png: Buffer;
  width: number;
  height: number;
  /** Indices (into the split) of the images drawn, row by row. */
  indices: number[];
}

const PAD = 8;
const TITLE_GAP = 4;
const FONT_FAMILY = 'DejaVu Sans';

type CanvasModule = typeof import('@napi-rs/canvas');
let canvasModule: Promise<CanvasModule> | undefined;

/**
 * The native canvas is loaded on first use, not when @mambabench/data is imported: training
 * processes never draw. The font comes from its npm package (as for the report's charts), so
 * titles look the same on a machine without system fonts, where the canvas would draw none.
 */
function loadCanvas(): Promise<CanvasModule> {
  canvasModule ??= import('@napi-rs/canvas').then((canvas) => {
    const require = createRequire(import.meta.url);
    canvas.GlobalFonts.registerFromPath(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), FONT_FAMILY);
    return canvas;
  });
  return canvasModule;
}

export async function renderSampleGrid(source: SampleSource, options: SampleGridOptions = {}): Promise<SampleGrid> {
  const { split, classNames } = resolve(source, options.split ?? 'train');
  const rows = options.rows ?? 4;
  const cols = options.cols ?? 4;
  const fontSize = options.fontSize ?? 16;
  const size = splitImageSize(split);
  const cell = options.cellSize ?? Math.max(size, 96);
  for (const [name, v] of [['rows', rows], ['cols', cols], ['cellSize', cell], ['fontSize', fontSize]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`renderSampleGrid: ${name} must be a positive integer, got ${v}`);
  }
  const { createCanvas, ImageData } = await loadCanvas();
  // matplotlib's random picks: distinct images, seeded here so the figure is reproducible.
  const indices = Array.from(new Rng(options.seed ?? 0).permutation(split.count).subarray(0, rows * cols));
  // Room for DejaVu's ascent and descent (0.93 + 0.24 em); titles drawn smaller share the baseline.
  const titleH = Math.ceil(fontSize * 1.25) + TITLE_GAP;
  const baseline = Math.ceil(fontSize * 0.95);
  const width = cols * cell + (cols + 1) * PAD;
  const height = rows * (titleH + cell) + (rows + 1) * PAD;

  const surface = createCanvas(width, height);
  const ctx = surface.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#000000';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'low'; // bilinear; 'high' would be a cubic filter

  const image = createCanvas(size, size);
  const imageCtx = image.getContext('2d');
  const rgba = new Uint8ClampedArray(size * size * 4);
  indices.forEach((idx, k) => {
    const x0 = PAD + (k % cols) * (cell + PAD);
    const y0 = PAD + Math.floor(k / cols) * (titleH + cell + PAD);
    const title = classNames[split.labels[idx]] ?? `class ${split.labels[idx]}`;
    // A title wider than the cell is drawn smaller, not into its neighbours' titles.
    ctx.font = font(fontSize);
    const textWidth = ctx.measureText(title).width;
    if (textWidth > cell) ctx.font = font(Math.max(1, Math.floor((fontSize * cell) / textWidth)));
    ctx.fillText(title, x0 + cell / 2, y0 + baseline, cell);
    toRgba(split.images, idx * size * size * 3, rgba);
    imageCtx.putImageData(new ImageData(rgba, size, size), 0, 0);
    ctx.drawImage(image, x0, y0 + titleH, cell, cell);
  });
  return { png: await surface.encode('png'), width, height, indices };
}

/** Renders the grid and writes it as a PNG atomically: a killed run never leaves a truncated file. */
export async function writeSampleGrid(path: string, source: SampleSource, options: SampleGridOptions = {}): Promise<SampleGrid> {
  const grid = await renderSampleGrid(source, options);
  await writeFileAtomic(path, grid.png);
  return grid;
}

const font = (px: number) => `${px}px "${FONT_FAMILY}"`;

function resolve(source: SampleSource, splitName: SplitName): { split: ImageSplit; classNames: string[] } {
  if ('split' in source) return source;
  const split = source.splits[splitName];
  if (!split) throw new Error(`renderSampleGrid: dataset '${source.name}' has no ${splitName} split`);
  return { split, classNames: source.classNames };
}

function toRgba(rgb: Uint8Array, offset: number, out: Uint8ClampedArray): void {
  for (let p = 0, q = offset; p < out.length; p += 4, q += 3) {
    out[p] = rgb[q];
    out[p + 1] = rgb[q + 1];
    out[p + 2] = rgb[q + 2];
    out[p + 3] = 255;
  }
}
