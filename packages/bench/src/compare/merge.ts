import { basename, relative } from 'node:path';
import type { ExperimentResults, RunRecord } from '@mambabench/report';
import { InputError } from '../input-error';
import type { CompareInput } from './load-input';

/**
 * What names an input's runs in the report: its experiment's name, or, when two inputs share it
 * (one experiment swept into two folders, e.g. on other data), the name with the folder.
 */
export function inputLabels(inputs: readonly CompareInput[]): string[] {
  const names = inputs.map((i) => i.results.experiment.name);
  const withFolder = inputs.map((inp, i) => (names.filter((n) => n === names[i]).length === 1 ? names[i]! : `${names[i]} (${basename(inp.folder)})`));
  return withFolder.map((label, i) => (withFolder.filter((l) => l === label).length === 1 ? label : `${names[i]} (${inputs[i]!.folder})`));
}

const distinct = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))].sort();

function testSplitOf(run: RunRecord): string | null {
  const counts = run.dataset?.counts;
  if (!counts || Object.keys(counts).length === 0) return null; // a crashed run's record: nothing known
  const test = counts.test;
  return test ? `${Object.values(test).reduce((s, n) => s + n, 0)} test images` : 'no test split';
}

// What must agree for runs of different experiments to be compared like for like.
const LIKE_FOR_LIKE: [string, (run: RunRecord) => string | null][] = [
  ['data fingerprint', (r) => r.dataset?.fingerprint || null],
  ['image size', (r) => (r.image_size > 0 ? `${r.image_size}px` : null)],
  ['backend', (r) => r.backend || null],
  ['test split', testSplitOf],
];

/** One sentence per fact on which the inputs differ, each input's values named. */
function likeForLikeNotes(inputs: readonly CompareInput[], labels: readonly string[]): string[] {
  const notes: string[] = [];
  for (const [fact, pick] of LIKE_FOR_LIKE) {
    const perInput = inputs.map((inp) => distinct(inp.runs.map((r) => pick(r.record))).join(', '));
    const known = perInput.filter((v) => v !== '');
    if (new Set(known).size > 1) {
      notes.push(`Not like-for-like: the ${fact} differs (${perInput.map((v, i) => `${labels[i]}: ${v || 'unknown'}`).join('; ')}).`);
    }
  }
  return notes;
}

/** Refuses inputs whose runs classify into different classes: their accuracies measure different things. */
function checkClasses(inputs: readonly CompareInput[]): void {
  const classesOf = inputs.map((inp) => distinct(inp.runs.map((r) => (r.record.class_names?.length ? JSON.stringify(r.record.class_names) : null))));
  if (new Set(classesOf.flat()).size > 1) {
    const listed = inputs.map((inp, i) => `${inp.folder}: ${classesOf[i]!.join(' and ') || 'no class names recorded'}`).join('; ');
    throw new InputError(`compare: the inputs classify different classes, so their runs cannot be compared (${listed})`);
  }
}

/** The environment of every input: one value where all agree, else each input's value, labelled. */
function mergedEnvironment(inputs: readonly CompareInput[], labels: readonly string[]): Record<string, string | number> {
  const keys = [...new Set(inputs.flatMap((inp) => Object.keys(inp.results.environment ?? {})))];
  const out: Record<string, string | number> = {};
  for (const key of keys) {
    const values = inputs.map((inp) => inp.results.environment?.[key]);
    const present = values.filter((v) => v !== undefined);
    out[key] = present.length === inputs.length && new Set(present).size === 1
      ? present[0]!
      : values.map((v, i) => `${labels[i]}: ${v ?? '-'}`).join('; ');
  }
  return out;
}

/**
 * One report's results from several experiments' report folders. Each run is tagged with its
 * experiment's label (so the report groups and names it apart from the same variant elsewhere)
 * and its run_id is prefixed with it (so curve files and run rows of equal ids do not collide).
 * A run that several inputs hold (the same store key: the very same training) is kept once, under
 * the first input whose record of it finished (one machine's may have failed where another's did
 * not), else the first. `outDir` is where the report goes: the input folders are recorded relative to
 * it, so `mambabench report` can rebuild the comparison when the tree is moved as a whole.
 */
export function mergeCompareInputs(inputs: readonly CompareInput[], outDir: string): ExperimentResults {
  checkClasses(inputs);
  const labels = inputLabels(inputs);
  const notes = likeForLikeNotes(inputs, labels);

  // Which input's record stands for a run several inputs hold: the first that finished it, else the first.
  const holders = new Map<string, { index: number; record: RunRecord }[]>();
  inputs.forEach((inp, index) => {
    for (const { key, record } of inp.runs) {
      const hs = key === null ? undefined : holders.get(key) ?? [];
      if (hs && !hs.some((h) => h.index === index)) holders.set(key!, [...hs, { index, record }]);
    }
  });
  const kept = new Map([...holders].map(([key, hs]) => [key, (hs.find((h) => h.record.status === 'ok') ?? hs[0]!).index]));
  const shared = [...holders].filter(([, hs]) => hs.length > 1).map(([key, hs]) =>
    `${hs[0]!.record.run_id} (runs/${key}) is in ${hs.map((h) => labels[h.index]).join(' and ')}, counted under ${labels[kept.get(key)!]}`);

  const runs: RunRecord[] = [];
  const added = new Set<string>();
  inputs.forEach((inp, i) => {
    const label = labels[i]!;
    for (const { key, record } of inp.runs) {
      if (key !== null && (kept.get(key) !== i || added.has(key))) continue;
      if (key !== null) added.add(key);
      runs.push({ ...record, run_id: `${label}__${record.run_id}`, experiment: label });
    }
    if (inp.notEnded > 0) notes.push(`${label}: ${inp.notEnded} run(s) of the experiment have not ended, so they are not in this report.`);
    if (!inp.results.store) notes.push(`${label}: no run store (a results.json from before the store), so its results.json's runs are used.`);
  });
  if (shared.length) notes.push(`${shared.length === 1 ? '1 run is' : `${shared.length} runs are`} the very same training in more than one input (same store key), counted once, under the first input that finished it: ${shared.join('; ')}.`);

  const folders = inputs.map((inp) => relative(outDir, inp.folder) || '.');
  return {
    experiment: {
      name: labels.join(' vs '),
      file: inputs.map((inp) => inp.results.experiment.file).join(', '),
      spec: { compare: inputs.map((inp, i) => ({ folder: folders[i], experiment: labels[i], file: inp.results.experiment.file, spec: inp.results.experiment.spec })) },
    },
    environment: mergedEnvironment(inputs, labels),
    runs,
    compare: { inputs: inputs.map((_, i) => ({ folder: folders[i]!, experiment: labels[i]! })), notes },
  };
}
