import { mkdir, readdir, unlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { writeFileAtomic } from '@mambabench/durable';
import type { ChartSpec } from './chart-spec.ts';
import { drawChart } from './page/chart-kit.ts';

export const CHARTS_DIR = 'charts';
export const PNG_WIDTH = 1200;
export const PNG_HEIGHT = 720;
const FONT_FAMILY = 'DejaVu Sans';

type CanvasModule = typeof import('@napi-rs/canvas');
type ChartModule = typeof import('chart.js');

let loaded: Promise<{ canvas: CanvasModule; Chart: ChartModule['Chart'] }> | undefined;

/**
 * Load @napi-rs/canvas and Chart.js once, register the fonts. Without a registered font the
 * native canvas draws no text at all (silently), so DejaVu Sans comes from its npm package
 * rather than from whatever the machine has installed.
 */
function load() {
  loaded ??= (async () => {
    const canvas = await import('@napi-rs/canvas');
    const { Chart, registerables } = await import('chart.js');
    Chart.register(...registerables);
    const require = createRequire(import.meta.url);
    for (const file of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) {
      canvas.GlobalFonts.registerFromPath(require.resolve(`dejavu-fonts-ttf/ttf/${file}`), FONT_FAMILY);
    }
    // Node-side Chart.js instance only: the page inlines its own copy.
    Chart.defaults.font.family = FONT_FAMILY;
    Chart.defaults.color = '#1f2328';
    return { canvas, Chart };
  })();
  return loaded;
}

/** Render one chart spec to PNG bytes with the same configuration the page uses. */
export async function renderChartPng(spec: ChartSpec, width = PNG_WIDTH, height = PNG_HEIGHT): Promise<Buffer> {
  const { canvas, Chart } = await load();
  const surface = canvas.createCanvas(width, height);
  // Chart.js accepts a 2D context; @napi-rs/canvas's is close enough for everything it draws.
  const chart = drawChart(Chart, surface.getContext('2d') as unknown as CanvasRenderingContext2D, spec, { static: true });
  try {
    return surface.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}

/**
 * Write `<dir>/charts/<id>.png` for every spec and delete PNGs there that no spec produced any
 * more (a chart that no longer applies must not linger looking current). Returns the paths.
 */
export async function writeChartPngs(dir: string, specs: readonly ChartSpec[]): Promise<string[]> {
  const out = join(dir, CHARTS_DIR);
  await mkdir(out, { recursive: true });
  const paths: string[] = [];
  for (const spec of specs) {
    const path = join(out, `${spec.id}.png`);
    await writeFileAtomic(path, await renderChartPng(spec));
    paths.push(path);
  }
  const keep = new Set(specs.map((s) => `${s.id}.png`));
  for (const name of await readdir(out)) {
    if (name.endsWith('.png') && !keep.has(name)) await unlink(join(out, name)).catch(() => undefined);
  }
  return paths;
}
