import { readFileSync, existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { validateExperiment, ExperimentError } from './validate';
import { applySettings, type Setting } from './settings';
import { expandRuns } from './expand';
import { userPath } from '../workspace';
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

/** Reads and parses an experiment file; every error names the file. */
function readExperimentFile(file: string): unknown {
  if (!existsSync(file)) throw new ExperimentError(file, '(file)', 'does not exist: no experiment file at this path');
  return parseExperimentText(readFileSync(file, 'utf8'), file);
}

/**
 * Reads, parses and validates an experiment file with the command line's settings applied
 * (settings.ts); every error names the file, and the settings when they are part of the cause.
 * `note` hears what a setting changed besides itself (a cosine that follows epochs).
 */
export function loadExperiment(file: string, settings: Setting[] = [], note: (line: string) => void = () => {}): Experiment {
  const raw = readExperimentFile(file);
  const fromFile = validateExperiment(raw, file);
  const label = `${file} with ${settings.map((s) => s.text).join(' ')}`;
  const exp = settings.length === 0 ? fromFile : validateExperiment(applySettings(raw, settings), label);
  // Every grid cell is checked where it expands; here, so that a bad swept value names the settings.
  if (settings.length > 0) expandRuns(exp, label);
  followEpochs(fromFile, exp, settings, note);
  if (exp.data.kind === 'folder' && !isAbsolute(exp.data.root)) {
    // A folder root written in an experiment file is relative to that file, wherever it is run from;
    // one given on the command line is relative to where the command runs, like every path flag.
    const fromCommandLine = settings.some((s) => s.path === 'data' || s.path === 'data.root');
    exp.data.root = fromCommandLine ? userPath(exp.data.root) : resolve(dirname(file), exp.data.root);
  }
  return exp;
}

/**
 * A cosine whose t_max equals the file's epochs completes within the run: when a setting changes
 * epochs (and not t_max), t_max follows, so a shorter run still anneals to eta_min instead of
 * stopping part-way down the curve. A swept epochs cannot move one t_max per cell: that is said.
 */
function followEpochs(fromFile: Experiment, exp: Experiment, settings: Setting[], note: (line: string) => void) {
  const epochs = settings.find((s) => s.path === 'epochs');
  const scheduleSet = settings.some((s) => s.path === 'schedule' || s.path.startsWith('schedule.'));
  const tied = fromFile.schedule.name === 'cosine' && fromFile.schedule.t_max === fromFile.epochs;
  if (!epochs || scheduleSet || !tied || exp.schedule.name !== 'cosine') return;
  if (epochs.values.length > 1) {
    note(`${epochs.text}: schedule.t_max stays ${exp.schedule.t_max} in every cell (the file's cosine completes within its ${fromFile.epochs} epochs); sweep or set schedule.t_max too if each cell should anneal fully`);
    return;
  }
  if (exp.schedule.t_max === exp.epochs) return;
  note(`${epochs.text}: schedule.t_max follows it (${fromFile.schedule.t_max} -> ${exp.epochs}), since the file's cosine completes within its ${fromFile.epochs} epochs`);
  exp.schedule.t_max = exp.epochs;
}
