import { readFileSync, existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { validateExperiment, ExperimentError } from './validate';
import type { Experiment } from './schema';

/** "line 3, column 5": where a parse error sits, counted from 1 as editors do. */
function position(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

/** Parses JSON with comments (JSONC, as VS Code's settings files): // and /* *\/ comments, nothing else beyond JSON. */
export function parseExperimentText(text: string, file: string): unknown {
  const errors: ParseError[] = [];
  const raw: unknown = parse(text, errors, { disallowComments: false, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0) {
    const { error, offset } = errors[0]!;
    throw new ExperimentError(file, '(file)', `is not valid JSON (comments are allowed): ${printParseErrorCode(error)} at ${position(text, offset)}`);
  }
  return raw;
}

/** Reads, parses and validates an experiment file; every error names the file. */
export function loadExperiment(file: string): Experiment {
  if (!existsSync(file)) throw new ExperimentError(file, '(file)', 'does not exist: no experiment file at this path');
  const exp = validateExperiment(parseExperimentText(readFileSync(file, 'utf8'), file), file);
  // A folder root written in an experiment file is relative to that file, wherever it is run from.
  if (exp.data.kind === 'folder' && !isAbsolute(exp.data.root)) exp.data.root = resolve(dirname(file), exp.data.root);
  return exp;
}
