import { describe, expect, it } from 'vitest';
import { planTable } from './plan';

describe('sweep --dry-run table', () => {
  it('prints one line per run with its key and action, and the totals', () => {
    const table = planTable([
      { runId: 'a__s1', key: '0123456789abcdef', action: 'cached', clear: false, why: 'finished earlier with this configuration' },
      { runId: 'long-name__s2', key: 'fedcba9876543210', action: 'train', clear: false, why: 'not in the store' },
      { runId: 'b__s1', key: '00000000ffffffff', action: 'continue', clear: false, why: 'interrupted earlier: continues from its last checkpoint' },
    ]);
    const lines = table.split('\n');
    expect(lines[0]).toBe('run            key               action    why');
    expect(lines[2]).toBe('a__s1          0123456789abcdef  cached    finished earlier with this configuration');
    expect(lines[3]).toBe('long-name__s2  fedcba9876543210  train     not in the store');
    expect(lines.at(-1)).toBe('3 run(s): 1 to train, 1 to continue, 1 cached, 0 kept as they ended. Nothing was trained (--dry-run).');
  });
});
