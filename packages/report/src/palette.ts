import type { Analysis } from './analysis.ts';
import type { RunRecord } from './run-record.ts';
import type { VariantAnalysis } from './variant-analysis.ts';

// Tableau 10: distinguishable, colour-blind-friendlier than Chart.js defaults, prints well.
export const PALETTE = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f',
  '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
];

/**
 * A variant's colour, from its place in Analysis.variants (sweep order), so it is the same in
 * every table row, confusion matrix and chart of one report.
 */
export function variantColour(analysis: Analysis, v: VariantAnalysis): string {
  const index = analysis.variants.indexOf(v);
  if (index < 0) throw new Error(`variant ${v.label} is not one of this analysis`);
  return colourAt(index);
}

function colourAt(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

/** Each run's colour (its variant's), index-aligned with `runs`. */
export function runColours(analysis: Analysis, runs: readonly RunRecord[]): string[] {
  const colourOf = new Map(analysis.variants.flatMap((v, i) => v.runs.map((r) => [r, colourAt(i)] as const)));
  return runs.map((r) => {
    const colour = colourOf.get(r);
    if (colour === undefined) throw new Error(`run ${r.run_id} is not one of this analysis`);
    return colour;
  });
}
