import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from '../workspace';
import { loadExperiment } from './load';

const dir = mkdtempSync(join(tmpdir(), 'mb-load-'));
const fileWith = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe('loadExperiment', () => {
  it('reads comments (JSONC) as nothing', () => {
    const file = fileWith('commented.json', [
      '{',
      '  "$schema": "./schema.json",',
      '  "name": "c", // the report folder',
      '  /* a block',
      '     comment */',
      '  "models": ["m"],',
      '  "data": { "kind": "synthetic" }',
      '}',
    ].join('\n'));
    const plain = fileWith('plain.json', JSON.stringify({ name: 'c', models: ['m'], data: { kind: 'synthetic' } }));
    expect(loadExperiment(file)).toEqual(loadExperiment(plain));
  });

  it('names the file, line and column of a syntax error', () => {
    expect(() => loadExperiment(fileWith('comma.json', '{\n  "name": "c",\n  "models": ["m"],\n}\n'))).toThrow(
      /comma\.json: field "\(file\)" is not valid JSON \(comments are allowed\): PropertyNameExpected at line 4, column 1/,
    );
    expect(() => loadExperiment(fileWith('quote.json', '{\n  "name": "c\n}'))).toThrow(/quote\.json: .* at line 2, column \d+/);
    expect(() => loadExperiment(fileWith('empty.json', ''))).toThrow(/empty\.json: field "\(file\)" is not valid JSON .*line 1, column 1/);
  });

  it("loads the README's commented example of an experiment file as written", () => {
    const readme = readFileSync(join(workspaceRoot(), 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Experiment files'));
    const example = /```jsonc\n([\s\S]*?)\n```/.exec(section)?.[1];
    expect(example, 'the README has a ```jsonc example under "## Experiment files"').toBeDefined();
    const exp = loadExperiment(fileWith('readme.json', example!));
    expect([exp.name, exp.epochs, exp.schedule.warmup_epochs, exp.grid]).toEqual(['default', 7, 1, { 'optimizer.lr': [0.0003, 0.001] }]);
  });
});
