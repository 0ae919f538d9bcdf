// Turns the report's chart specs (chart-spec.ts: plain JSON) into Chart.js configurations.
// One module for both renderers: bundled into index.html's script, and imported by
// png-charts.ts for the PNG exports, so the two always draw the same thing. Chart.js itself is
// passed in (the page has the inlined UMD build's global, Node imports the package), and the
// plugins draw only through the chart's 2D context, which @napi-rs/canvas also provides.
import type { Chart, ChartConfiguration, ChartItem, ChartType, Plugin } from 'chart.js';
import type { AxisSpec, ChartSpec, DatasetSpec } from '../chart-spec.ts';

/** A Chart.js dataset as built here: Chart.js's own fields, plus the mb* fields our plugins read. */
export interface KitDataset {
  label: string;
  data: DatasetSpec['data'];
  borderColor: string;
  backgroundColor: string;
  borderWidth: number;
  borderDash: number[];
  pointRadius: number;
  pointBackgroundColor: string;
  pointBorderColor: string;
  tension: number;
  spanGaps: boolean;
  order: number;
  /** Index of the dataset to fill down to, or no fill (bar charts leave it to Chart.js). */
  fill?: number | false;
  showLine?: true;
  stepped?: 'after';
  mbNoLegend: boolean;
  mbPointLabels?: (string | null)[];
  mbErrorBars?: ([number, number] | null)[];
}

interface KitAxis {
  type: 'linear' | 'category';
  title: { display: boolean; text: string };
  min?: number;
  max?: number;
}

export interface KitOptions {
  animation: false;
  responsive: boolean;
  maintainAspectRatio: false;
  devicePixelRatio?: number;
  interaction: { mode: 'index' | 'nearest'; intersect: false };
  plugins: {
    title: { display: true; text: string; font: { size: number; weight: 'bold' } };
    subtitle: { display: boolean; text: string | string[]; padding: { bottom: number } };
    legend: {
      position: 'bottom';
      labels: {
        usePointStyle: boolean;
        boxWidth: number;
        boxHeight: number;
        filter: (item: { datasetIndex?: number }, data: { datasets: readonly { mbNoLegend?: boolean }[] }) => boolean;
      };
    };
    mbBackground: BackgroundOptions;
  };
  scales: { x: KitAxis; y: KitAxis };
}

/** What toChartConfig returns: a Chart.js configuration, typed by what is built here (Chart.js's own types are per chart type). */
export interface KitConfig {
  type: ChartSpec['type'];
  data: { labels: string[] | undefined; datasets: KitDataset[] };
  options: KitOptions;
  plugins: Plugin[];
}

export interface RenderEnv {
  /** PNG rendering: fixed size, no resize observers, device pixel ratio 1, white background. */
  static?: boolean;
}

interface BackgroundOptions {
  colour: string | null;
}

/** The datasets of a chart built from a KitConfig, as the plugins read them. */
function kitDatasets(chart: Chart): readonly KitDataset[] {
  return chart.data.datasets as unknown as readonly KitDataset[];
}

function rgba(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

// Names next to scatter points, so the chart reads without matching colours to the legend.
const pointLabels: Plugin = {
  id: 'mbPointLabels',
  afterDatasetsDraw(chart) {
    const ctx = chart.ctx;
    ctx.save();
    ctx.font = `11px ${chart.options.font?.family || 'sans-serif'}`;
    ctx.fillStyle = '#1f2328';
    ctx.textBaseline = 'bottom';
    const right = chart.chartArea.right;
    kitDatasets(chart).forEach((ds, i) => {
      const labels = ds.mbPointLabels;
      if (!labels || !chart.isDatasetVisible(i)) return;
      chart.getDatasetMeta(i).data.forEach((el, j) => {
        const text = labels[j];
        if (!text) return;
        // Flip to the left of the point where the name would run off the plot.
        const flip = el.x + 8 + ctx.measureText(text).width > right;
        ctx.textAlign = flip ? 'right' : 'left';
        ctx.fillText(text, flip ? el.x - 8 : el.x + 8, el.y - 4);
      });
    });
    ctx.restore();
  },
};

// 95% CI whiskers on bars (Chart.js has no error bars of its own).
const errorBars: Plugin = {
  id: 'mbErrorBars',
  afterDatasetsDraw(chart) {
    const ctx = chart.ctx;
    const y = chart.scales.y!;
    ctx.save();
    ctx.strokeStyle = '#1f2328';
    ctx.lineWidth = 1.2;
    kitDatasets(chart).forEach((ds, i) => {
      const bars = ds.mbErrorBars;
      if (!bars || !chart.isDatasetVisible(i)) return;
      chart.getDatasetMeta(i).data.forEach((el, j) => {
        const bar = bars[j];
        if (!bar) return;
        const lo = y.getPixelForValue(Math.max(bar[0], y.min));
        const hi = y.getPixelForValue(Math.min(bar[1], y.max));
        const cap = Math.min(4, ((el as { width?: number }).width || 8) / 3);
        ctx.beginPath();
        ctx.moveTo(el.x, lo); ctx.lineTo(el.x, hi);
        ctx.moveTo(el.x - cap, lo); ctx.lineTo(el.x + cap, lo);
        ctx.moveTo(el.x - cap, hi); ctx.lineTo(el.x + cap, hi);
        ctx.stroke();
      });
    });
    ctx.restore();
  },
};

// PNGs have no page behind them: paint the canvas white, or viewers show the text on black.
const background: Plugin<ChartType, BackgroundOptions> = {
  id: 'mbBackground',
  beforeDraw(chart, _args, opts) {
    if (!opts || !opts.colour) return;
    const ctx = chart.ctx;
    ctx.save();
    ctx.fillStyle = opts.colour;
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

function dataset(spec: ChartSpec, ds: DatasetSpec, index: number): KitDataset {
  const alpha = ds.alpha === undefined ? 1 : ds.alpha;
  const out: KitDataset = {
    label: ds.label,
    data: ds.data,
    borderColor: ds.fillToPrevious || (ds.noLegend && alpha === 0) ? rgba(ds.colour, 0) : ds.colour,
    backgroundColor: rgba(ds.colour, spec.type === 'bar' ? 0.85 : alpha),
    borderWidth: spec.type === 'bar' ? 0 : 2,
    borderDash: ds.dashed ? [6, 4] : [],
    pointRadius: ds.pointRadius === undefined ? 2 : ds.pointRadius,
    pointBackgroundColor: rgba(ds.colour, alpha),
    pointBorderColor: rgba(ds.colour, alpha),
    tension: 0,
    spanGaps: false,
    mbNoLegend: !!ds.noLegend,
    order: ds.noLegend ? 2 : 1,
  };
  if (ds.fillToPrevious) {
    out.fill = index - 1;
    out.backgroundColor = rgba(ds.colour, alpha);
  } else if (spec.type !== 'bar') {
    out.fill = false;
  }
  if (ds.showLine) out.showLine = true;
  if (ds.stepped) out.stepped = 'after';
  if (ds.pointLabels) out.mbPointLabels = ds.pointLabels;
  if (ds.errorBars) out.mbErrorBars = ds.errorBars;
  return out;
}

function axis(spec: AxisSpec, type: KitAxis['type']): KitAxis {
  const a: KitAxis = { type, title: { display: !!spec.title, text: spec.title } };
  if (spec.min !== undefined) a.min = spec.min;
  if (spec.max !== undefined) a.max = spec.max;
  return a;
}

// Chart.js draws a subtitle on one line squeezed to the chart's width, unreadable once a
// note grows past a sentence or two: whole sentences go on lines of about this many characters.
const SUBTITLE_LINE = 130;

/** The subtitle as Chart.js gets it: one string, or lines of whole sentences when long. */
export function subtitleLines(text: string | undefined): string | string[] {
  const lines: string[] = [];
  const sentences = (text || '').split(/\.\s+/);
  sentences.forEach((sentence, i) => {
    if (i < sentences.length - 1) sentence += '.'; // no look-behind: older Safari cannot parse it
    const last = lines.length - 1;
    if (last >= 0 && lines[last]!.length + 1 + sentence.length <= SUBTITLE_LINE) lines[last] += ` ${sentence}`;
    else lines.push(sentence);
  });
  return lines.length > 1 ? lines : text || '';
}

export function toChartConfig(spec: ChartSpec, env: RenderEnv = {}): KitConfig {
  const isBar = spec.type === 'bar';
  const options: KitOptions = {
    animation: false, // charts must be complete at once for print, screenshots and PNGs
    responsive: !env.static,
    maintainAspectRatio: false,
    interaction: isBar ? { mode: 'index', intersect: false } : { mode: 'nearest', intersect: false },
    plugins: {
      title: { display: true, text: spec.title, font: { size: 14, weight: 'bold' } },
      subtitle: { display: !!spec.subtitle, text: subtitleLines(spec.subtitle), padding: { bottom: 8 } },
      legend: {
        position: 'bottom',
        labels: {
          usePointStyle: spec.type === 'scatter',
          boxWidth: isBar ? 12 : 28,
          boxHeight: isBar ? 12 : 2,
          filter: (item, data) => !data.datasets[item.datasetIndex!]!.mbNoLegend,
        },
      },
      mbBackground: { colour: env.static ? '#ffffff' : null },
    },
    scales: {
      x: axis(spec.x, isBar ? 'category' : 'linear'),
      y: axis(spec.y, 'linear'),
    },
  };
  if (env.static) options.devicePixelRatio = 1;
  return {
    type: spec.type,
    data: {
      labels: isBar ? spec.categories : undefined,
      datasets: spec.datasets.map((ds, i) => dataset(spec, ds, i)),
    },
    options,
    plugins: [background as Plugin, pointLabels, errorBars],
  };
}

/**
 * Draw `spec` with the given Chart.js class on `item` (a canvas in the page, a 2D context in
 * Node). The one place where our configuration meets Chart.js's types, which describe one chart
 * type at a time and know nothing of the mb* fields the plugins read.
 */
export function drawChart(ChartJs: typeof Chart, item: ChartItem, spec: ChartSpec, env: RenderEnv = {}): Chart {
  return new ChartJs(item, toChartConfig(spec, env) as unknown as ChartConfiguration);
}
