// Declarative chart descriptions: plain JSON, built and tested in TypeScript, turned into
// Chart.js configurations by page/chart-kit.ts both in the page and for the PNG exports, so
// the two always draw the same thing.

export interface AxisSpec {
  title: string;
  min?: number;
  max?: number;
}

export interface PointSpec {
  x: number;
  y: number | null;
}

export interface DatasetSpec {
  label: string;
  colour: string;
  /** Points for line/scatter charts; one value per category for bar charts. */
  data: PointSpec[] | (number | null)[];
  dashed?: boolean;
  /** Scatter: join the points with a line. */
  showLine?: boolean;
  /** Line drawn as a staircase (Pareto front). */
  stepped?: boolean;
  pointRadius?: number;
  /** 0..1 opacity of the fill / points (seed points, bands). */
  alpha?: number;
  /** Fill the area between this dataset and the previous one (a ±std band). */
  fillToPrevious?: boolean;
  /** Left out of the legend (bands, per-seed points). */
  noLegend?: boolean;
  /** Text drawn next to each point (null for none). */
  pointLabels?: (string | null)[];
  /** Bar charts: whisker [low, high] per category (null for none). */
  errorBars?: ([number, number] | null)[];
}

export interface ChartSpec {
  /** Canvas id in the page and file stem of the PNG. */
  id: string;
  title: string;
  subtitle?: string;
  type: 'line' | 'scatter' | 'bar';
  x: AxisSpec;
  y: AxisSpec;
  /** Bar charts: the categories. */
  categories?: string[];
  datasets: DatasetSpec[];
}
