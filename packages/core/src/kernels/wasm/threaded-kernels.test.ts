import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('../../../test/fixtures/threaded-kernels-child.ts', import.meta.url));

interface CaseResult {
  name: string;
  sha256: string;
  error: number;
  poolCalls: number;
  leaked: number;
}

// The backend starts once per process, so each thread count runs in its own child.
const run = (threads: number) =>
  JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', CHILD, String(threads)], { encoding: 'utf8', timeout: 120_000 })) as CaseResult[];

describe('our heap kernels on the wasm backend\'s threads (src/wasm/heap-threads.ts)', () => {
  it('split over 2 threads, give the 1-thread bits and match float64 loops, leaving no tensors', () => {
    const one = run(1);
    const two = run(2);
    expect(two.map((r) => r.name)).toEqual(one.map((r) => r.name));
    for (const [i, r] of two.entries()) {
      expect(one[i].poolCalls, r.name).toBe(0); // the single-threaded build: no pool
      expect(r.poolCalls, r.name).toBeGreaterThanOrEqual(1); // every case is large enough to be split
      // Each thread writes its own outputs, summed in the one-thread order: not a bit differs.
      expect(r.sha256, r.name).toBe(one[i].sha256);
      expect(r.error, r.name).toBeLessThan(1e-5);
      expect(r.leaked, r.name).toBe(0);
      expect(one[i].leaked, r.name).toBe(0);
    }
  });
});
