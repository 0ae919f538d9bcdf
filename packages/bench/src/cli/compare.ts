import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { RESULTS_JSON, writeReport, type ExperimentResults } from '@mambabench/report';
import { loadCompareInput } from '../compare/load-input';
import { mergeCompareInputs } from '../compare/merge';
import { InputError } from '../input-error';
import { userPath } from '../workspace';
import { helpText, parseCommand } from './args';
import { COMPARE } from './commands';

const isWithin = (dir: string, parent: string) => {
  const rel = relative(parent, dir);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** The folder the comparison may be written to: not an input nor inside one, not another kind of report. */
function checkOut(out: string, inputs: readonly string[]): void {
  for (const input of inputs) {
    if (isWithin(out, input)) throw new InputError(`compare: --out ${out} is ${out === input ? 'one of the inputs' : `inside the input ${input}`}; write the comparison to a folder of its own`);
  }
  const existing = join(out, RESULTS_JSON);
  if (existsSync(existing)) {
    let isCompare = false;
    try {
      isCompare = !!(JSON.parse(readFileSync(existing, 'utf8')) as ExperimentResults).compare;
    } catch {
      // unreadable: not ours to overwrite either
    }
    if (!isCompare) throw new InputError(`compare: --out ${out} already holds a report that is not a comparison (${existing}); choose another folder`);
  }
}

/** A compare report's results rebuilt from its inputs' stores as they are now (for `mambabench report`). */
export function refreshCompare(dir: string, results: ExperimentResults): ExperimentResults {
  return mergeCompareInputs(results.compare!.inputs.map((i) => loadCompareInput(resolve(dir, i.folder))), dir);
}

export async function compare(argv: string[]): Promise<number> {
  const args = parseCommand(COMPARE, argv);
  if (!args) return (console.log(helpText(COMPARE)), 0);
  const inputs = (args._ ?? []).map((p) => userPath(p));
  if (inputs.length < 2) {
    throw new InputError(`compare needs two or more report folders, got ${inputs.length === 0 ? 'none' : `only ${inputs[0]}`}\n\n${helpText(COMPARE)}`);
  }
  const twice = inputs.find((p, i) => inputs.indexOf(p) !== i);
  if (twice) throw new InputError(`compare: ${twice} is given twice`);
  if (!args.out) throw new InputError(`compare needs --out <dir> for the combined report\n\n${helpText(COMPARE)}`);
  const out = userPath(args.out as string);
  checkOut(out, inputs);

  const loaded = inputs.map(loadCompareInput);
  const results = mergeCompareInputs(loaded, out);
  for (const note of results.compare!.notes) console.warn(`compare: ${note}`);
  const files = await writeReport(out, results);
  const from = results.compare!.inputs.map(({ experiment }) => `${experiment}: ${results.runs.filter((r) => r.experiment === experiment).length}`).join(', ');
  console.log(`${out}: ${results.runs.length} run(s) (${from}) -> index.html, results.csv, summary.csv, results.md, ${files.charts.length} PNG chart(s)`);
  if (files.chartsError) console.error(`${out}: PNG charts skipped: ${files.chartsError}`);
  return 0;
}
