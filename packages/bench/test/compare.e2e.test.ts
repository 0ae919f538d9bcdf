import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RUN_COLUMNS } from '@mambabench/report';

const BIN = fileURLToPath(new URL('../bin/mambabench.js', import.meta.url));
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

function experiment(file: string, over: object): string {
  writeFileSync(file, JSON.stringify({
    models: ['nnmamba3-scaled'], seeds: [1],
    data: { kind: 'synthetic', train: 16, valid: 8, test: 8, seed: 0 },
    image_size: 16, batch_size: 8, eval_batch_size: 8, epochs: 1, max_steps_per_epoch: 2, backend: 'wasm',
    optimizer: { name: 'adamw', lr: 1e-3 },
    ...over,
  }));
  return file;
}

function sweep(dir: string, name: string, over: object = {}): string {
  const out = join(dir, 'reports', name);
  const r = cli('sweep', '--experiment', experiment(join(dir, `${name}.json`), { name, ...over }), '--out', out);
  expect(r.status, r.stderr).toBe(0);
  return out;
}

const csv = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(','));

describe('mambabench compare', () => {
  it('puts two experiments in one report: each one\'s runs labelled apart, a run both hold counted once, rebuildable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-compare-'));
    // base trains lr 1e-3; lr-grid trains lr 1e-3 (the very same run, in its own store) and 3e-3.
    const base = sweep(dir, 'base');
    const grid = sweep(dir, 'lr-grid', { grid: { 'optimizer.lr': [1e-3, 3e-3] } });
    const out = join(dir, 'reports', 'base-vs-lr-grid');

    const r = cli('compare', base, grid, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${out}: 2 run(s) (base: 1, lr-grid: 1) -> index.html, results.csv, summary.csv, results.md`);
    expect(r.stderr).toMatch(/compare: 1 run is the very same training in more than one input \(same store key\), counted once, under the first input that finished it: nnmamba3-scaled__s1 \(runs\/[0-9a-f]{16}\) is in base and lr-grid, counted under base\./);
    expect(r.stderr).not.toContain('like-for-like');

    const runs = csv(join(out, 'results.csv'));
    expect(runs[0]).toEqual(['experiment', ...RUN_COLUMNS]);
    expect(runs.slice(1).map((row) => [row[0], row[2], row[7]])).toEqual([['base', 'nnmamba3-scaled', '1'], ['lr-grid', 'nnmamba3-scaled', '1']]);
    const summary = csv(join(out, 'summary.csv'));
    expect(summary.map((row) => row.slice(0, 4))).toEqual([
      ['experiment', 'model', 'variant', 'setting'], ['base', 'nnMamba', 'nnmamba3-scaled', ''], ['lr-grid', 'nnMamba', 'nnmamba3-scaled', 'lr=0.003'],
    ]);

    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.compare.inputs).toEqual([{ folder: '../base', experiment: 'base' }, { folder: '../lr-grid', experiment: 'lr-grid' }]);
    expect(results.experiment.spec.compare.map((i: { spec: { name: string } }) => i.spec.name)).toEqual(['base', 'lr-grid']);
    expect(results.runs.map((run: { run_id: string }) => run.run_id)).toEqual(['base__nnmamba3-scaled__s1', 'lr-grid__nnmamba3-scaled__lr=0.003__s1']);

    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<title>base vs lr-grid — mambabench report</title>');
    expect(html).toContain('nnmamba3-scaled (base)');
    expect(html).toContain('nnmamba3-scaled [lr=0.003] (lr-grid)');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain('| nnMamba | nnmamba3-scaled [lr=0.003] (lr-grid) |');

    // `report` rebuilds the comparison from the inputs' stores, wherever it is called from.
    writeFileSync(join(out, 'results.json'), JSON.stringify({ ...results, runs: [] }));
    const rebuilt = cli('report', '--out', join(dir, 'reports'));
    expect(rebuilt.stdout).toContain(`${out}: 2 run(s) -> index.html`);
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).runs.map((run: { run_id: string }) => run.run_id)).toEqual(results.runs.map((run: { run_id: string }) => run.run_id));

    // Inputs that are not like-for-like are compared, with a warning on the console and in the report.
    const big = sweep(dir, 'base32', { image_size: 32 });
    const out32 = join(dir, 'reports', 'base-vs-base32');
    const warned = cli('compare', base, big, '--out', out32);
    expect(warned.status, warned.stderr).toBe(0);
    expect(warned.stderr).toContain('compare: Not like-for-like: the image size differs (base: 16px; base32: 32px).');
    expect(warned.stderr).toMatch(/compare: Not like-for-like: the data fingerprint differs \(base: [0-9a-f]+; base32: [0-9a-f]+\)\./);
    expect(readFileSync(join(out32, 'results.md'), 'utf8')).toContain('Not like-for-like: the image size differs (base: 16px; base32: 32px).');
  }, 240_000);

  it.each([
    ['no inputs', () => ['--out', 'x'], /compare needs two or more report folders, got none/],
    ['one input', (d: string) => [join(d, 'a'), '--out', join(d, 'x')], /compare needs two or more report folders, got only .*\/a\n/],
    ['a folder without results.json', (d: string) => [join(d, 'a'), join(d, 'empty'), '--out', join(d, 'x')], /compare: .*\/a has no results\.json/],
    ['a folder that is not there', (d: string) => [join(d, 'missing'), join(d, 'a'), '--out', join(d, 'x')], /compare: .*\/missing is not a folder/],
    ['--out one of the inputs', (d: string) => [join(d, 'a'), join(d, 'empty'), '--out', join(d, 'a')], /compare: --out .*\/a is one of the inputs/],
    ['--out inside an input', (d: string) => [join(d, 'a'), join(d, 'empty'), '--out', join(d, 'a', 'cmp')], /compare: --out .*\/a\/cmp is inside the input .*\/a;/],
    ['no --out', (d: string) => [join(d, 'a'), join(d, 'empty')], /compare needs --out <dir>/],
    ['--out a sweep\'s report', (d: string) => [join(d, 'a'), join(d, 'empty'), '--out', join(d, 'sweep')], /compare: --out .*\/sweep already holds a report that is not a comparison/],
  ] as const)('refuses %s with exit 2, naming what to fix', (_, args, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-compare-bad-'));
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'empty'));
    mkdirSync(join(dir, 'sweep'));
    writeFileSync(join(dir, 'sweep', 'results.json'), JSON.stringify({ experiment: { name: 's', file: 's.json', spec: {} }, environment: {}, runs: [] }));
    const r = cli('compare', ...args(dir));
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(2);
  });
});
