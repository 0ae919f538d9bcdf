/**
 * A grid of random training images, each titled with its class name above it, like the
 * published dr_dataset.py visualize_samples (a 4x4 matplotlib figure, titles, no axes):
 * white paper, black titles drawn with the embedded bitmap font, images resampled to
 * cellSize with bilinear filtering.
 */
import { Rng } from '@mambabench/random';
import { splitImageSize } from '../batch.ts';
import type { Dataset, ImageSplit, SplitName } from '../dataset.ts';
import { writePng } from '../png.ts';
import { drawText, textHeight, textWidth, type Canvas } from './text.ts';

export type SampleSource = Dataset | { split: ImageSplit; classNames: string[] };

export interface SampleGridOptions {
  rows?: number;
  cols?: number;
  seed?: number;
  /** Side of each image in the grid, in pixels. Default: the images' own size, at least 96. */
  cellSize?: number;
  /** Which split of a Dataset to draw from. Default 'train'. */
  split?: SplitName;
  /** Font pixel size multiplier. Default 2 (5x7 glyphs drawn 10x14). */
  fontScale?: number;
}

export interface SampleGrid extends Canvas {
  /** Indices (into the split) of the images drawn, row by row. */
  indices: number[];
}

const PAD = 8;
const TITLE_GAP = 4;

export function renderSampleGrid(source: SampleSource, options: SampleGridOptions = {}): SampleGrid {
  const { split, classNames } = resolve(source, options.split ?? 'train');
  const rows = options.rows ?? 4;
  const cols = options.cols ?? 4;
  const scale = options.fontScale ?? 2;
  const size = splitImageSize(split);
  const cell = options.cellSize ?? Math.max(size, 96);
  for (const [name, v] of [['rows', rows], ['cols', cols], ['cellSize', cell], ['fontScale', scale]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`renderSampleGrid: ${name} must be a positive integer, got ${v}`);
  }
  // matplotlib's random picks: distinct images, seeded here so the figure is reproducible.
  const indices = Array.from(new Rng(options.seed ?? 0).permutation(split.count).subarray(0, rows * cols));
  const titleH = textHeight(scale) + TITLE_GAP;
  const width = cols * cell + (cols + 1) * PAD;
  const height = rows * (titleH + cell) + (rows + 1) * PAD;
  const canvas: SampleGrid = { rgb: new Uint8Array(width * height * 3).fill(255), width, height, indices };

  indices.forEach((idx, k) => {
    const x0 = PAD + (k % cols) * (cell + PAD);
    const y0 = PAD + Math.floor(k / cols) * (titleH + cell + PAD);
    const title = classNames[split.labels[idx]] ?? `class ${split.labels[idx]}`;
    drawText(canvas, title, x0 + Math.floor((cell - textWidth(title, scale)) / 2), y0, scale, [0, 0, 0]);
    blitResized(canvas, split.images, idx * size * size * 3, size, x0, y0 + titleH, cell);
  });
  return canvas;
}

export function writeSampleGrid(path: string, source: SampleSource, options: SampleGridOptions = {}): SampleGrid {
  const grid = renderSampleGrid(source, options);
  writePng(path, grid.rgb, grid.width, grid.height);
  return grid;
}

function resolve(source: SampleSource, splitName: SplitName): { split: ImageSplit; classNames: string[] } {
  if ('split' in source) return source;
  const split = source.splits[splitName];
  if (!split) throw new Error(`renderSampleGrid: dataset '${source.name}' has no ${splitName} split`);
  return { split, classNames: source.classNames };
}

/** Bilinear resample (pixel centres aligned, edges clamped) of one size x size image into the canvas. */
function blitResized(canvas: Canvas, src: Uint8Array, offset: number, size: number, x0: number, y0: number, cell: number) {
  const ratio = size / cell;
  for (let y = 0; y < cell; y++) {
    const sy = Math.min(Math.max((y + 0.5) * ratio - 0.5, 0), size - 1);
    const ya = Math.floor(sy);
    const yb = Math.min(ya + 1, size - 1);
    const fy = sy - ya;
    for (let x = 0; x < cell; x++) {
      const sx = Math.min(Math.max((x + 0.5) * ratio - 0.5, 0), size - 1);
      const xa = Math.floor(sx);
      const xb = Math.min(xa + 1, size - 1);
      const fx = sx - xa;
      const dst = ((y0 + y) * canvas.width + x0 + x) * 3;
      for (let c = 0; c < 3; c++) {
        const p = (yy: number, xx: number) => src[offset + (yy * size + xx) * 3 + c];
        const top = p(ya, xa) * (1 - fx) + p(ya, xb) * fx;
        const bottom = p(yb, xa) * (1 - fx) + p(yb, xb) * fx;
        canvas.rgb[dst + c] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
}
