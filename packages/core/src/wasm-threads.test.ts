import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { relError } from './testing';

const CHILD = fileURLToPath(new URL('../test/fixtures/wasm-threads-child.ts', import.meta.url));

// The backend starts once per process, so each thread count runs in its own child.
function run(threads: number) {
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', CHILD, String(threads)], { encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(stdout) as { info: { threads: number; detail: string }; loss: number; dx: number[]; dw: number[]; dm: number[]; dd: number[] };
}

describe('multithreaded wasm backend under Node', () => {
  it('starts with 2 threads and gives the single-threaded results', () => {
    const one = run(1);
    const two = run(2);
    expect(one.info.threads).toBe(1);
    expect(two.info.threads).toBe(2);
    expect(two.info.detail).toMatch(/threaded SIMD, 2 threads/);
    expect(relError([two.loss], [one.loss])).toBeLessThan(1e-6);
    for (const k of ['dx', 'dw', 'dm', 'dd'] as const) expect(relError(two[k], one[k]), k).toBeLessThan(1e-5);
  });
});
