import { readFileSync, existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
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
  const exp = validateExperiment(raw, file);
  // A folder root written in an experiment file is relative to that file, wherever it is run from.
  if (exp.data.kind === 'folder' && !isAbsolute(exp.data.root)) exp.data.root = resolve(dirname(file), exp.data.root);
  return exp;
}
