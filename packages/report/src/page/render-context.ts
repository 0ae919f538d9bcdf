import type { ChartSpec } from '../chart-spec.ts';

/** A data table that can show every filtered row for printing, and go back to one page. */
export interface PrintableTable {
  print(on: boolean): void;
}

/** A chart canvas waiting to be drawn once it is in the document (Chart.js measures its container). */
export interface PendingChart {
  canvas: HTMLCanvasElement;
  spec: ChartSpec;
}

/** What the sections register while they build the DOM, for main.ts to act on afterwards. */
export interface RenderContext {
  tables: PrintableTable[];
  charts: PendingChart[];
}
