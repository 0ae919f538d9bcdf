import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../input-error';
import { MANIFEST_FILE, RECORD_FILE, CONFIG_FILE } from '../store/run-store';
import { loadCompareInput } from './load-input';

function reportFolder(keys: string[], extra: object = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'mb-compare-input-'));
  writeFileSync(join(dir, 'results.json'), JSON.stringify({
    experiment: { name: 'e', file: 'e.json', spec: {} }, environment: {}, runs: [],
    store: { keys: keys.map((key) => ({ run_id: key, key })) }, ...extra,
  }));
  return dir;
}

function storeRun(dir: string, key: string, record: object | null, manifest?: string): void {
  const runDir = join(dir, 'runs', key);
  mkdirSync(runDir, { recursive: true });
  writeFileSync(join(runDir, CONFIG_FILE), '{}');
  if (record) writeFileSync(join(runDir, RECORD_FILE), JSON.stringify(record));
  if (manifest) writeFileSync(join(runDir, MANIFEST_FILE), manifest);
}

describe('loadCompareInput', () => {
  it('reads the store\'s ended runs with their keys and counts the others', () => {
    const dir = reportFolder(['a', 'b', 'c']);
    storeRun(dir, 'a', { run_id: 'r1', status: 'ok' });
    storeRun(dir, 'b', null); // configured, not ended
    const input = loadCompareInput(dir);
    expect(input.runs.map((r) => [r.key, r.record.run_id])).toEqual([['a', 'r1']]);
    expect(input.notEnded).toBe(2);
  });

  it.each([
    ['a folder that is not there', (): string => '/nonexistent/report', /\/nonexistent\/report is not a folder/],
    ['a folder without results.json', (): string => mkdtempSync(join(tmpdir(), 'mb-compare-empty-')), /has no results\.json/],
    ['a results.json that does not parse', (): string => { const d = reportFolder([]); writeFileSync(join(d, 'results.json'), '{'); return d; }, /results\.json does not parse/],
    ['a compare report as input', (): string => reportFolder([], { compare: { inputs: [], notes: [] } }), /is itself a compare report/],
    ['a record that does not match its manifest', (): string => {
      const d = reportFolder(['a']);
      storeRun(d, 'a', { run_id: 'r1', status: 'ok' }, JSON.stringify({ files: { [RECORD_FILE]: '0'.repeat(64) } }));
      return d;
    }, /run a cannot be read: .*record\.json does not match the SHA-256/],
  ] as const)('refuses %s with an InputError naming it', (_, make, message) => {
    const dir = make();
    let error: unknown;
    try {
      loadCompareInput(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(dir);
  });
});
