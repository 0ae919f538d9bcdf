// The per-variant results of analysis.ts, in a module of their own so that the analyses built
// on them (comparisons.ts, test-set/analysis.ts) import these types without importing
// analysis.ts, which imports those analyses.
import type { MetricKey } from './metrics.ts';
import type { PublishedEntry } from './published.ts';
import type { RocPoint } from './roc.ts';
import type { RunRecord } from './run-record.ts';
import type { Stat } from './stats.ts';

/** A metric over the successful seeds of one variant, with the values it came from. */
export interface MetricStat extends Stat {
  /** Student-t 95% interval clipped to the metric's possible range; null with one seed. */
  ci: [number, number] | null;
  values: number[];
  /** Seed of each value, index-aligned. */
  seeds: number[];
}

/** One row of the report: a model variant (and grid setting), all of its seeds. */
export interface VariantAnalysis {
  model: string;
  variant: string;
  /** Grid values that distinguish this row from other rows of the same variant ("" without a grid). */
  setting: string;
  /** The compared experiment the runs came from; "" outside a `mambabench compare` report. */
  experiment: string;
  /** variant, plus the setting in brackets when there is one, plus the experiment in parentheses in a compare report. */
  label: string;
  runs: RunRecord[];
  ok: RunRecord[];
  failed: RunRecord[];
  stats: Record<MetricKey, MetricStat | null>;
  /** Distinct parameter / MAC counts over the runs (normally one). */
  params: number[];
  macs: number[];
  /** Confusion matrix summed over the successful seeds on the clinical split. */
  confusion: number[][] | null;
  /** ROC of the seeds' predictions pooled, thinned for plotting. */
  roc: RocPoint[] | null;
  published: PublishedEntry | null;
}
