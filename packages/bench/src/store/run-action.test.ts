import { describe, expect, it } from 'vitest';
import type { RunRecord } from '@mambabench/report';
import { runAction } from './run-action';
import type { StoredRun } from './run-store';

const ended = (status: string, error?: string): StoredRun => ({ kind: 'ended', record: { run_id: 'r', status, error } as unknown as RunRecord });

describe('what a sweep does with a stored run', () => {
  const states: [string, StoredRun][] = [
    ['absent', { kind: 'absent' }],
    ['started', { kind: 'started' }],
    ['finished', ended('ok')],
    ['interrupted', ended('interrupted')],
    ['failed', ended('failed', 'run process exited with code 1: boom\nstack')],
    ['diverged', ended('diverged', 'loss NaN at epoch 2 step 5')],
    ['corrupt', { kind: 'corrupt', why: 'x/record.json does not match the SHA-256 in manifest.json' }],
  ];
  const table = (policy: object) => Object.fromEntries(states.map(([name, s]) => {
    const a = runAction(s, policy);
    return [name, `${a.action}${a.clear ? ' (cleared)' : ''}`];
  }));

  it('by default reuses finished runs, continues unfinished ones, keeps failures, redoes corrupt ones', () => {
    expect(table({})).toEqual({
      absent: 'train', started: 'continue', finished: 'cached', interrupted: 'continue',
      failed: 'kept', diverged: 'kept', corrupt: 'train (cleared)',
    });
  });

  it('--retry-failed redoes only the runs that ended without finishing', () => {
    expect(table({ retryFailed: true })).toEqual({
      absent: 'train', started: 'continue', finished: 'cached', interrupted: 'continue',
      failed: 'train (cleared)', diverged: 'train (cleared)', corrupt: 'train (cleared)',
    });
  });

  it('--force retrains every run from scratch', () => {
    expect(Object.values(table({ force: true }))).toEqual(['train', ...Array(6).fill('train (cleared)')]);
  });

  it('says why, with the first line of the error and the flag that changes it', () => {
    expect(runAction(ended('failed', 'run process exited with code 1: boom\nstack'), {}).why).toBe('ended failed: run process exited with code 1: boom (--retry-failed redoes it)');
    expect(runAction(states[6][1], {}).why).toBe('retrained from scratch: x/record.json does not match the SHA-256 in manifest.json');
  });
});
