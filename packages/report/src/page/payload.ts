// What index.html hands its script: two JSON blocks, written by html.ts and read by main.ts
// against these same types, so a field renamed on one side fails the typecheck on the other.
import type { ExperimentResults, RunRecord } from '../run-record.ts';

/** Element ids of the embedded JSON blocks. */
export const DATA_BLOCK_ID = 'data';
export const SUMMARY_BLOCK_ID = 'summary';

/** A run as embedded: everything but its per-example predictions (results.json keeps them). */
export type PageRun = Omit<RunRecord, 'predictions'>;

/** The #data block: the results without per-example predictions (see html.ts pageData). */
export interface PageResults extends Omit<ExperimentResults, 'runs'> {
  runs: PageRun[];
}
