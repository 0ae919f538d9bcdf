import { readFileSync, existsSync } from 'node:fs';
import { validateExperiment, ExperimentError } from './validate';
import type { Experiment } from './schema';

/** Reads, parses and validates an experiment file; every error names the file. */
export function loadExperiment(file: string): Experiment {
  if (!existsSync(file)) throw new ExperimentError(file, '(file)', 'does not exist: no experiment file at this path');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ExperimentError(file, '(file)', `is not valid JSON: ${(error as Error).message}`);
  }
  return validateExperiment(raw, file);
}
