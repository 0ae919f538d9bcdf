import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_JSON, type ExperimentResults, type RunRecord } from '@mambabench/report';
import { InputError } from '../input-error';
import { readStoredRun } from '../store/run-store';

/** One report folder given to `compare`: its experiment and the runs its store holds now. */
export interface CompareInput {
  /** The folder as resolved (absolute). */
  folder: string;
  results: ExperimentResults;
  /** Each ended run with its store key; key null for a results.json written before the store. */
  runs: { key: string | null; record: RunRecord }[];
  /** Runs of the experiment that have not ended (training elsewhere, killed, or never started). */
  notEnded: number;
}

/**
 * Reads `<folder>/results.json` and the current record of every run its store lists, as
 * `mambabench report` does. A folder without results.json, or a record that cannot be read, is an
 * InputError naming it: a comparison that silently lost runs would mislead.
 */
export function loadCompareInput(folder: string): CompareInput {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new InputError(`compare: ${folder} is not a folder`);
  const file = join(folder, RESULTS_JSON);
  if (!existsSync(file)) throw new InputError(`compare: ${folder} has no ${RESULTS_JSON} (give the --out folder of a sweep)`);
  let results: ExperimentResults;
  try {
    results = JSON.parse(readFileSync(file, 'utf8')) as ExperimentResults;
  } catch (error) {
    throw new InputError(`compare: ${file} does not parse: ${(error as Error).message}`);
  }
  if (!results || typeof results.experiment?.name !== 'string' || !Array.isArray(results.runs)) {
    throw new InputError(`compare: ${file} is not a mambabench results file (needs experiment.name and a runs array)`);
  }
  if (results.compare) throw new InputError(`compare: ${folder} is itself a compare report; give the sweeps' folders it compares`);
  if (!results.store) return { folder, results, runs: results.runs.map((record) => ({ key: null, record })), notEnded: 0 };

  const runs: CompareInput['runs'] = [];
  let notEnded = 0;
  for (const { key } of results.store.keys) {
    const stored = readStoredRun(join(folder, 'runs', key), { checkpoint: false });
    if (stored.kind === 'corrupt') throw new InputError(`compare: ${folder}: run ${key} cannot be read: ${stored.why}`);
    if (stored.kind === 'ended') runs.push({ key, record: stored.record });
    else notEnded += 1;
  }
  return { folder, results, runs, notEnded };
}
