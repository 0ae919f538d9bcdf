import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '@mambabench/report';
import { clearRun, readStoredRun, storeRecord } from './run-store';
import { storeRecords } from './store-records';

const record = (status: string, extra: object = {}) => ({ run_id: 'm__s1', status, ...extra }) as unknown as RunRecord;

function runDir(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'mb-store-')), 'runs', '0123456789abcdef');
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe('run store', () => {
  it('tells an absent run from a started one and from an ended one', async () => {
    const dir = runDir();
    expect(readStoredRun(dir)).toEqual({ kind: 'absent' });
    writeFileSync(join(dir, 'config.json'), '{}');
    expect(readStoredRun(dir)).toEqual({ kind: 'started' });
    await storeRecord(join(dir, 'record.json'), record('ok', { best_val_acc: 0.5 }));
    expect(readStoredRun(dir)).toEqual({ kind: 'ended', record: record('ok', { best_val_acc: 0.5 }) });
  });

  it('writes a manifest with the SHA-256 of the record bytes', async () => {
    const dir = runDir();
    await storeRecord(join(dir, 'record.json'), record('failed'));
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const digest = createHash('sha256').update(readFileSync(join(dir, 'record.json'))).digest('hex');
    expect(manifest).toEqual({ files: { 'record.json': digest } });
  });

  it('finds a record changed after it was written, one byte is enough, and names the file', async () => {
    const dir = runDir();
    writeFileSync(join(dir, 'config.json'), '{}');
    await storeRecord(join(dir, 'record.json'), record('ok', { best_val_acc: 0.5 }));
    const path = join(dir, 'record.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('0.5', '0.6'));
    const stored = readStoredRun(dir);
    expect(stored.kind).toBe('corrupt');
    expect(stored.kind === 'corrupt' && stored.why).toBe(`${path} does not match the SHA-256 in manifest.json`);
  });

  it('calls an unparsable manifest or record corrupt', async () => {
    const dir = runDir();
    writeFileSync(join(dir, 'config.json'), '{}');
    writeFileSync(join(dir, 'record.json'), '{"run_id": "m__s1", "sta');
    expect(readStoredRun(dir)).toMatchObject({ kind: 'corrupt', why: expect.stringMatching(/record\.json is not a run record/) });
    await storeRecord(join(dir, 'record.json'), record('ok'));
    writeFileSync(join(dir, 'manifest.json'), '{"files": ');
    expect(readStoredRun(dir)).toMatchObject({ kind: 'corrupt', why: expect.stringMatching(/manifest\.json does not parse/) });
  });

  it('calls an unfinished run corrupt when the checkpoint it would continue from is damaged', async () => {
    const dir = runDir();
    writeFileSync(join(dir, 'config.json'), '{}');
    mkdirSync(join(dir, 'last'));
    const tensors = [{ name: 'w', shape: [2], offset: 0, length: 2 }];
    const bytes = Buffer.from(new Float32Array([1, 2]).buffer);
    writeFileSync(join(dir, 'last', 'tensors.bin'), bytes);
    const manifest = (sha256: string) => JSON.stringify({ format: 'mambabench-checkpoint-v1', tensors, sha256, meta: {} });
    writeFileSync(join(dir, 'last', 'manifest.json'), manifest(createHash('sha256').update(bytes).digest('hex')));
    expect(readStoredRun(dir)).toEqual({ kind: 'started' });
    await storeRecord(join(dir, 'record.json'), record('interrupted'));
    expect(readStoredRun(dir).kind).toBe('ended');
    writeFileSync(join(dir, 'last', 'manifest.json'), manifest('0'.repeat(64)));
    expect(readStoredRun(dir)).toEqual({ kind: 'corrupt', why: `${join(dir, 'last', 'tensors.bin')} does not match the SHA-256 in ${join(dir, 'last', 'manifest.json')}` });
    // A finished run does not read its checkpoint again: its record is what counts.
    await storeRecord(join(dir, 'record.json'), record('ok'));
    expect(readStoredRun(dir).kind).toBe('ended');
  });

  it('trusts a whole record whose manifest was never written (a kill between the two writes)', () => {
    const dir = runDir();
    writeFileSync(join(dir, 'config.json'), '{}');
    writeFileSync(join(dir, 'record.json'), JSON.stringify(record('ok')));
    expect(readStoredRun(dir)).toEqual({ kind: 'ended', record: record('ok') });
  });

  it('lists the records of run folders in their order, leaving out runs without a sound one', async () => {
    const dirs = [runDir(), runDir(), runDir(), runDir()];
    for (const d of dirs) writeFileSync(join(d, 'config.json'), '{}');
    await storeRecord(join(dirs[0], 'record.json'), record('ok', { run_id: 'a' }));
    await storeRecord(join(dirs[2], 'record.json'), record('failed', { run_id: 'c' }));
    await storeRecord(join(dirs[3], 'record.json'), record('ok', { run_id: 'd' }));
    writeFileSync(join(dirs[3], 'record.json'), '{}');
    expect(storeRecords(dirs).map((r) => r.run_id)).toEqual(['a', 'c']);
  });

  it('clears a run folder but for its lock (the sweep clears a run it holds)', async () => {
    const dir = runDir();
    mkdirSync(join(dir, 'last'));
    writeFileSync(join(dir, 'last', 'tensors.bin'), 'x');
    writeFileSync(join(dir, 'config.json'), '{}');
    writeFileSync(join(dir, 'lock'), '{}');
    clearRun(dir);
    expect(readdirSync(dir)).toEqual(['lock']);
  });
});
